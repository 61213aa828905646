// Hostile values for the fuzz: patch members of the wrong type or size,
// unicode edge cases, query values, path labels and bodies a broken or
// malicious client might send. Each function draws from the run's Rng.

import type { Rng } from './random.ts';

// Code point ranges that trip encoders: controls, Latin-1, combining marks,
// right-to-left scripts, zero-width characters, CJK, astral emoji, private use.
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], [0x20, 0x7e], [0x00, 0x1f], [0xa0, 0xff], [0x300, 0x36f], [0x590, 0x5ff], [0x600, 0x6ff],
  [0x200b, 0x200f], [0x4e00, 0x9fff], [0x1f300, 0x1f64f], [0xe000, 0xe0ff], [0xfff0, 0xfffd],
];

/** Well-formed unicode (no lone surrogates). */
export function unicode(rng: Rng, min: number, max: number): string {
  const n = rng.int(min, max);
  let s = '';
  for (let i = 0; i < n; i++) {
    const [lo, hi] = rng.pick(RANGES);
    s += String.fromCodePoint(rng.int(lo, hi));
  }
  return s;
}

/** Unicode that may hold lone surrogates, which JSON carries as \ud800 escapes. */
export function wild(rng: Rng, max: number): string {
  let s = unicode(rng, 0, max);
  if (rng.chance(0.5)) s += String.fromCharCode(rng.int(0xd800, 0xdfff));
  return s;
}

/** Valid keys that are awkward: long, astral, invisible, prototype-named, lone surrogates. */
export const EDGE_KEYS: readonly string[] = [
  'k'.repeat(1024), '\ud800', '\udfff tail', '🔑', 'ключ', 'مفتاح', 'e\u0301', '\u200d', ' ', '\u0000', 'a\u0000b',
  '__proto__', 'constructor', 'toString', 'a/b?c=d&e', '%41', '{"json":1}', '\t\n', '\ufeffbom',
];

const NOT_AN_OP: readonly unknown[] = ['REPLACE', 'Replace', 'upsert', 'delete', '', 'replace ', 'remove\u0000', 7, true, null, ['replace'], {}];
const NOT_A_KEY: readonly unknown[] = ['', 'k'.repeat(1025), null, 5, [], {}, false];
const NOT_A_COUNT: readonly unknown[] = ['1', '0', 1.5, -1, -0.5, 1e300, null, true, [], {}, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
const NOT_A_VALUE: readonly unknown[] = [123, true, {}, [], ['v'], null, { S: 'v' }];
const ODD_DATES: readonly unknown[] = ['2026-01-01T00:00:00Z', '1767225600', true, {}, [], null, 1e300, -1, 0, 1767225600.123456];

type Json = Record<string, unknown>;

/** One patch spoiled in one member; the rest of the list stays valid. */
export function spoilPatch(rng: Rng, patch: Json, current: number): Json {
  const p = { ...patch };
  const member = rng.pick(['Op', 'Key', 'SyncCount', 'SyncCountNear', 'Value', 'DeviceLastModifiedDate', 'missing', 'extra']);
  switch (member) {
    case 'Op': p.Op = rng.pick(NOT_AN_OP); break;
    case 'Key': p.Key = rng.pick(NOT_A_KEY); break;
    case 'SyncCount': p.SyncCount = rng.pick(NOT_A_COUNT); break;
    case 'SyncCountNear': p.SyncCount = current + rng.pick([1, 2, 1000, -1, -current - 1]); break;
    case 'Value': p.Value = rng.chance(0.03) ? 'x'.repeat(1_048_576) : rng.pick(NOT_A_VALUE); break;
    case 'DeviceLastModifiedDate': p.DeviceLastModifiedDate = rng.pick(ODD_DATES); break;
    case 'missing': delete p[rng.pick(['Op', 'Key', 'SyncCount', 'Value'])]; break;
    default: p[rng.pick(['op', 'key', 'Extra', 'Value2', 'syncCount'])] = rng.pick([1, 'x', null, { a: [] }]);
  }
  return p;
}

/** Whole-list spoilers: shapes that are not a patch list, or lists with non-patches in them. */
export function spoilList(rng: Rng, patches: Json[]): unknown {
  return rng.pick<() => unknown>([
    () => ({}),
    () => 'replace',
    () => 5,
    () => null,
    () => [...patches, null],
    () => [...patches, 'patch'],
    () => [[...patches]],
    () => [7, ...patches],
    () => ({ 0: patches[0] ?? {}, length: 1 }),
  ])();
}

// Query values: negative, huge, non-numeric, encoded, unicode digits.
export const ODD_COUNTS: readonly string[] = [
  '-1', '-0', '99999999999999999999', '9999999999999999', '1e3', '0x10', ' 1', '1 ', '1.0', '', 'abc', '%zz', '%31', '+1',
  '\u0663', '\uff11', '0'.repeat(20), 'NaN', 'Infinity', '1%00',
];
export const ODD_MAX_RESULTS: readonly string[] = ['0', '-1', '99999999999999999999', '2147483648', '1000000', 'NaN', '', '3.5', '%', '1', '0x7f', 'null'];

/** A token that looks like one but is not the emulator's: tampered, truncated, random, empty. */
export function forge(rng: Rng, real: string | undefined): string {
  const base = real ?? 'eyJrIjoic2Vzc2lvbiJ9.AAAA';
  return rng.pick<() => string>([
    () => {
      const i = rng.int(0, base.length - 1);
      const c = base[i] === 'A' ? 'B' : 'A';
      return base.slice(0, i) + c + base.slice(i + 1);
    },
    () => base.slice(0, Math.max(1, base.length - rng.int(1, 10))),
    () => `${base}x`,
    () => Buffer.from(JSON.stringify({ k: 'session', s: '*', d: 0, e: 9e15 })).toString('base64url') + '.forgedmacforgedmacforgedmacforg',
    () => '',
    () => 'a.b',
    () => 'x'.repeat(rng.int(1, 5000)),
    () => unicode(rng, 1, 20),
  ])();
}

// Labels no route or validator should accept.
export const BAD_PERCENT: readonly string[] = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%%', '%u0041', '%F4%90%80%80', 'a%', '%0'];
export function badLabel(rng: Rng): string {
  return rng.pick<() => string>([
    () => rng.pick(BAD_PERCENT),
    () => `us-east-1%3A${'a'.repeat(rng.int(50, 300))}`,
    () => 'd'.repeat(rng.pick([129, 300, 5000])),
    () => encodeURIComponent(unicode(rng, 1, 12)),
    () => 'US-EAST-1%3AABCDEF',
    () => 'us-east-1%3A',
    () => '%3Aabc',
    () => 'with%2Fslash',
    () => 'with%20space',
    () => '..',
    () => '.',
    () => '%00',
    () => [...Buffer.from(wild(rng, 6))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  ])();
}

/** Bodies that are not the JSON object a restJson1 operation reads. */
export function badBody(rng: Rng, valid: Json): string | Buffer {
  const depth = rng.pick([64, 1000, 20_000]);
  return rng.pick<() => string | Buffer>([
    () => rng.pick(['{', '}', '{"a":', 'nul', 'undefined', "{'a':1}", 'NaN', '[1,]', '{"SyncSessionToken":"x",}', '\u0000', '{}}', '{"a":1}{"b":2}']),
    () => rng.pick(['[]', 'null', '"x"', '5', 'true', '[{}]', '""', '-0', '1e999']),
    () => Buffer.from(rng.bytes(rng.int(1, 64))),
    () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
    () => `\ufeff${JSON.stringify(valid)}`,
    () => '['.repeat(depth) + ']'.repeat(depth),
    () => `{"RecordPatches":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    () => `{"SyncSessionToken":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    () => `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(valid).slice(1)}`,
    () => JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, rng.pick<unknown>([5, 'x', [], {}, true, -1, { nested: [null] }])]))),
    () => JSON.stringify({ ...valid, [rng.pick(Object.keys(valid).concat('X'))]: null }),
    () => JSON.stringify(Object.fromEntries(Object.entries(valid).map(([k, v]) => [k.toLowerCase(), v]))),
  ])();
}
