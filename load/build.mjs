// Bundles each k6 scenario (TypeScript) into one ES module for k6.
// Usage: node load/build.mjs  → load/dist/<scenario>.js
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const scenarios = readdirSync(`${here}scenarios`).filter((f) => f.endsWith('.ts'));

export async function bundle() {
  await build({
    // One entry per scenario, so each k6 run loads only what it needs.
    entryPoints: scenarios.map((f) => `${here}scenarios/${f}`),
    outdir: `${here}dist`,
    bundle: true,
    // k6 loads ES modules; its JS runtime is browser-like (no Node built-ins).
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    // k6's own modules come from the binary, never from the bundle or the network.
    external: ['k6', 'k6/*'],
    // Readable stack traces in k6 errors point at our TypeScript.
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return scenarios.map((f) => `${here}dist/${f.replace(/\.ts$/, '.js')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundle();
  console.log(out.join('\n'));
}
