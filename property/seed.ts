// Seeds: CSH_SEED when given; a fixed seed in CI, so a red run replays
// exactly; otherwise a fresh one. Callers always print the seed they use.

import { HarnessError } from '../src/harness-error.ts';

export const CI_SEED = 20261125;

export function parseSeed(text: string, from: string): number {
  const seed = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(seed)) {
    throw new HarnessError(`${from} ${JSON.stringify(text)} is not an integer seed`, 'Pass the integer printed as "seed" with the failure');
  }
  return seed;
}

export function chooseSeed(env: NodeJS.ProcessEnv = process.env): number {
  if (env.CSH_SEED !== undefined && env.CSH_SEED !== '') return parseSeed(env.CSH_SEED, 'CSH_SEED');
  return env.CI === 'true' || env.CI === '1' ? CI_SEED : Math.floor(Math.random() * 2 ** 31);
}
