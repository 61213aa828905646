// The default authenticator (--auth off): any caller is a developer; the
// access key is read from the SigV4 Authorization header for logs and
// LastModifiedBy. SigV4 verification is a separate authenticator (sigv4-auth.ts).

import { ServiceError } from '../../model/errors.ts';
import type { Caller, WireRequest } from '../types.ts';

export function accessKeyAuthenticator(req: WireRequest): Caller {
  const auth = req.headers.authorization;
  if (!auth) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = /Credential=([^/,\s]+)\//.exec(auth);
  return { kind: 'developer', accessKeyId: match?.[1] ?? 'anonymous' };
}
