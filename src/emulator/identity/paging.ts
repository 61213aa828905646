// Opaque pagination tokens: a position bound to the listing and scope it came
// from, so a token from one pool's listing is refused by another's.

import { invalid } from './errors.ts';

export function encodePage(kind: string, scope: string, position: number): string {
  return Buffer.from(JSON.stringify([kind, scope, position])).toString('base64url');
}

export function decodePage(token: string | undefined, kind: string, scope: string): number | undefined {
  if (token === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind || parsed[1] !== scope || !Number.isSafeInteger(parsed[2]) || parsed[2] < 0) {
    throw invalid('The pagination token is not valid for this request.');
  }
  return parsed[2] as number;
}
