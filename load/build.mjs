// Bundles each k6 scenario (TypeScript) into one ES module for k6.
// Usage: node load/build.mjs  → load/dist/<scenario>.js
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const scenarios = readdirSync(`${here}scenarios`).filter((f) => f.endsWith('.ts'));

/**
 * Local runs: every scenario into load/dist, source maps inline so that k6's
 * stack traces point at our TypeScript. `only` and `outdir` bundle one
 * scenario elsewhere; `sourcemap: 'external'` writes the map beside it
 * without a reference in the script (a k6-operator ConfigMap carries the
 * script alone, and a ConfigMap holds 1 MiB at most).
 */
export async function bundle({ only, outdir = `${here}dist`, sourcemap = 'inline' } = {}) {
  const entries = only ? [`${only}.ts`] : scenarios;
  await build({
    // One entry per scenario, so each k6 run loads only what it needs.
    entryPoints: entries.map((f) => `${here}scenarios/${f}`),
    outdir,
    bundle: true,
    // k6 loads ES modules; its JS runtime is browser-like (no Node built-ins).
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    // k6's own modules come from the binary, never from the bundle or the network.
    external: ['k6', 'k6/*'],
    sourcemap,
    logLevel: 'warning',
  });
  return entries.map((f) => `${outdir}/${f.replace(/\.ts$/, '.js')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundle();
  console.log(out.join('\n'));
}
