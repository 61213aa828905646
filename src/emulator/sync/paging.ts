// Pagination over a sorted list of names (datasets, identity pools). The token
// carries the last name served, so a page costs its own size plus a binary search.

import { ServiceError } from '../../model/errors.ts';
import type { FaultName } from '../faults.ts';
import type { TokenCodec } from '../tokens.ts';

export type Page<T> = { items: T[]; nextToken?: string };

type PageContext = { tokens: TokenCodec; kind: string; scope: string; now: number; faults: ReadonlySet<FaultName> };

const TOKEN_TTL_MS = 60 * 60 * 1000;

export function pageOf(sorted: string[], maxResults: number, nextToken: string | undefined, ctx: PageContext): Page<string> {
  let start = 0;
  if (nextToken !== undefined) {
    const after = ctx.tokens.read<string>(nextToken, ctx.kind, ctx.scope, ctx.now);
    if (after === undefined) throw new ServiceError('InvalidParameterException', 'Invalid NextToken');
    start = firstAfter(sorted, after);
  }
  const items = sorted.slice(start, start + maxResults);
  if (start + maxResults >= sorted.length || items.length === 0) return { items };
  // Fault switches: lose the last item of the page, or serve it again on the next one.
  const resume = ctx.faults.has('page-dup') && items.length > 1 ? items[items.length - 2]! : items[items.length - 1]!;
  const served = ctx.faults.has('page-drop') && items.length > 1 ? items.slice(0, -1) : items;
  return { items: served, nextToken: ctx.tokens.issue(ctx.kind, ctx.scope, resume, ctx.now + TOKEN_TTL_MS) };
}

function firstAfter(sorted: string[], after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
