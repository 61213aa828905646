// The query reader must read every query string exactly as URLSearchParams
// does (the WHATWG form decoding), including the hostile ones a fuzzer sends.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryValues } from './parse-input.ts';

// Pieces that exercise every rule: separators, '+', escapes good and bad (a lone '%', a bad hex digit,
// invalid UTF-8, an escaped separator), non-ASCII text and plain names.
const piece = fc.constantFrom('&', '=', '+', '%', '%2', '%zz', '%41', '%2B', '%26', '%3D', '%C3%A9', '%C3', '%FF', '%E2%82%AC', 'é', '€', '😀', 'nextToken', 'maxResults', 'a', 'b', '1', ' ', '');
const query = fc.array(piece, { maxLength: 24 }).map((xs) => xs.join(''));

describe('queryValues', () => {
  it('gives the same first value for every name as URLSearchParams, for any query', () => {
    fc.assert(
      fc.property(query, (q) => {
        const expected = new URLSearchParams(q);
        const got = queryValues(q);
        for (const name of new Set([...expected.keys(), 'nextToken', 'maxResults', 'a', 'b', 'é'])) {
          expect(got.get(name) ?? null).toBe(expected.get(name));
        }
      }),
      { numRuns: 2000, seed: 20261202 },
    );
  });

  it('reads the queries clients send', () => {
    const q = queryValues('maxResults=100&nextToken=eyJrIjoicmVjb3JkcyJ9.abc-_&syncSessionToken=v2%2B%2Fx%3D%3D&lastSyncCount=0&maxResults=7');
    expect(q.get('maxResults')).toBe('100');
    expect(q.get('nextToken')).toBe('eyJrIjoicmVjb3JkcyJ9.abc-_');
    expect(q.get('syncSessionToken')).toBe('v2+/x==');
    expect(q.get('lastSyncCount')).toBe('0');
    expect(q.get('absent') ?? null).toBeNull();
  });
});
