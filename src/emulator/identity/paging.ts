// Cognito Identity's pagination tokens: a position bound to the listing and
// scope it came from (a token from one pool's listing is refused by
// another's), issued by the same token codec as Cognito Sync's (../tokens.ts).

import type { TokenCodec } from '../tokens.ts';
import { invalid } from './errors.ts';

// Identity listings' tokens do not expire: a position stays meaningful.
const NEVER = Number.MAX_SAFE_INTEGER;

export type Paging = {
  encode(kind: string, scope: string, position: number): string;
  decode(token: string | undefined, kind: string, scope: string): number | undefined;
};

export function createPaging(codec: TokenCodec): Paging {
  return {
    encode: (kind, scope, position) => codec.issue(kind, scope, position, NEVER),
    decode(token, kind, scope) {
      if (token === undefined) return undefined;
      const position = codec.read<unknown>(token, kind, scope, 0);
      if (!Number.isSafeInteger(position) || (position as number) < 0) throw invalid('The pagination token is not valid for this request.');
      return position as number;
    },
  };
}
