// The emulator is a product with one public entry (index.ts). The suites, the
// harness around them and the scripts may start one through it and may name
// fault and variant switches (faults.ts, variants.ts, for selfcheck); anything
// else under src/emulator is internal, so that no suite can pass by sharing
// code with the thing it checks.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const EMULATOR = join(ROOT, 'src/emulator');
const PUBLIC = new Set(['index.ts', 'faults.ts', 'variants.ts'].map((f) => join(EMULATOR, f)));
// Everything in the repository outside src/emulator: a new suite folder is covered without a list to update.
const SKIP = new Set(['node_modules', '.git', '.cache', 'reports', 'fixtures', 'pacts']);

/** Module specifiers of static imports, re-exports and dynamic import() calls. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** The emulator-internal files `file` imports, as paths relative to the repository. */
function internalImports(file: string, source: string): string[] {
  return specifiers(source)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s))
    .filter((p) => p.startsWith(EMULATOR + '/') && !PUBLIC.has(p))
    .map((p) => relative(ROOT, p));
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (SKIP.has(name) || path === EMULATOR) continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

describe('the emulator boundary', () => {
  it('finds internal imports of every form, and lets the public entry through', () => {
    const file = join(ROOT, 'contracts/example.ts');
    const source = [
      "import { createRouter } from '../src/emulator/wire/router.ts';",
      "import type { X } from '../src/emulator/types.ts';",
      "export { y } from '../src/emulator/sync/store.ts';",
      "const m = await import('../src/emulator/emulator.ts');",
      "import { startEmulator } from '../src/emulator/index.ts';",
      "import { faultNames } from '../src/emulator/faults.ts';",
      "import { variantNames } from '../src/emulator/variants.ts';",
      "import { operations } from '../src/model/operations.ts';",
    ].join('\n');
    expect(internalImports(file, source)).toEqual([
      'src/emulator/wire/router.ts', 'src/emulator/types.ts', 'src/emulator/sync/store.ts', 'src/emulator/emulator.ts',
    ]);
  });

  it('no suite, harness layer or script imports emulator internals', () => {
    const files = sources(ROOT);
    expect(files.some((f) => f.includes('/clients/'))).toBe(true);
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((f) => internalImports(f, readFileSync(f, 'utf8')).map((i) => `${relative(ROOT, f)} → ${i}`));
    expect(offences, 'import the emulator through src/emulator/index.ts; move shared pure data to src/model').toEqual([]);
  });
});
