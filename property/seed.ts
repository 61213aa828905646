// Seeds: CSH_SEED when given; a fixed seed in CI, so a red run replays
// exactly; otherwise a fresh one. Always printed by the callers.
export const CI_SEED = 20261125;

export function chooseSeed(env: NodeJS.ProcessEnv = process.env): number {
  if (env.CSH_SEED !== undefined && env.CSH_SEED !== '') {
    const seed = Number(env.CSH_SEED);
    if (!Number.isSafeInteger(seed)) throw new Error(`CSH_SEED=${env.CSH_SEED} is not an integer`);
    return seed;
  }
  return env.CI === 'true' || env.CI === '1' ? CI_SEED : Math.floor(Math.random() * 2 ** 31);
}
