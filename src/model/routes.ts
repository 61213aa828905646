// Matches method + path against the operation table's path templates.
// Dispatch ignores X-Amz-Target and Content-Type: SDKs disagree on both.

import { operations, operationNames, type Operation } from './operations.ts';
import { ServiceError } from './errors.ts';

type Route = { op: Operation; segments: Array<{ literal: string } | { label: string }> };

/** Labels are shared by every request with the same path: read them, never change them. */
export type Match = { op: Operation; labels: Readonly<Record<string, string>> };

export type Router = (method: string, rawPath: string) => Match | undefined;

export function createRouter(): Router {
  // Routes indexed by method and segment count, so a lookup compares a handful of candidates.
  const index = new Map<string, Route[]>();
  for (const name of operationNames) {
    const op = operations[name];
    const segments = op.path.split('/').slice(1).map((s) => (s.startsWith('{') ? { label: s.slice(1, -1) } : { literal: s }));
    const key = `${op.method} ${segments.length}`;
    index.set(key, [...(index.get(key) ?? []), { op, segments }]);
  }
  // Recent matches by method and raw path: a client sends the same paths again and again (each page and write
  // of a sync), and a match is a pure function of them. Bounded in entries and in path length; a full memo
  // drops its oldest entry.
  const recent = new Map<string, Match>();
  return (method, rawPath) => {
    const key = `${method} ${rawPath}`;
    const known = recent.get(key);
    if (known) return known;
    const match = find(method, rawPath);
    if (match && rawPath.length <= MEMO_PATH_MAX) {
      if (recent.size >= RECENT_MATCHES) recent.delete(recent.keys().next().value!);
      recent.set(key, match);
    }
    return match;
  };

  function find(method: string, rawPath: string): Match | undefined {
    const parts = rawPath.split('/').slice(1);
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop(); // tolerate one trailing slash
    const candidates = index.get(`${method} ${parts.length}`);
    if (!candidates) return undefined;
    outer: for (const route of candidates) {
      const labels: Record<string, string> = {};
      for (let i = 0; i < route.segments.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if ('literal' in seg) {
          if (seg.literal !== part) continue outer;
        } else {
          if (part === '') continue outer;
          labels[seg.label] = decodeLabel(part);
        }
      }
      return { op: route.op, labels: Object.freeze(labels) };
    }
    return undefined;
  }
}

const RECENT_MATCHES = 1024;
// Longer than any valid request's path (labels of at most 55, 55 and 128 characters, even escaped): not worth keeping.
const MEMO_PATH_MAX = 1024;

function decodeLabel(part: string): string {
  // Without a '%' there is nothing to decode (decodeURIComponent would return the same string).
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ServiceError('InvalidParameterException', `Malformed percent-encoding in path segment: ${part.slice(0, 64)}`);
  }
}
