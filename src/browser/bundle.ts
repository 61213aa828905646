// Bundles a browser entry point with esbuild at test time, so no generated
// bundle is committed and the SDK version is the one npm ci installed.

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One IIFE for the browser from the given source, resolved from the repository root (its node_modules). */
export async function bundleForBrowser(source: string, opts: { inject?: string[] } = {}): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'browser-entry.js', loader: 'js' },
    bundle: true, platform: 'browser', format: 'iife', target: 'chrome110', write: false, minify: false, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    inject: opts.inject ?? [],
  });
  return out.outputFiles[0]!.text;
}
