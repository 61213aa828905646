// Authenticators for --auth off: signatures go unchecked, and the caller is
// known by the access key in the SigV4 Authorization header (Credential=KEY/…).
// A key the emulated Cognito Identity issued (GetCredentialsForIdentity) still
// acts as its identity, so identity-only operations work and one identity
// cannot touch another's data; any other key acts as the developer.
// SigV4 verification is a separate authenticator (sigv4-auth.ts).

import { ServiceError } from '../../model/errors.ts';
import type { Caller, WireRequest } from '../types.ts';

/** Which identity a key was issued to, if the emulator issued it (expired or not: expiry is not checked either). */
export type IssuedKeys = (accessKeyId: string) => { identityId: string } | undefined;

function accessKeyOf(req: WireRequest): string {
  const auth = req.headers.authorization;
  if (!auth) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  return /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? 'anonymous';
}

/** Every caller is a developer (the Sync layer's default, for its own tests). */
export function accessKeyAuthenticator(req: WireRequest): Caller {
  return { kind: 'developer', accessKeyId: accessKeyOf(req) };
}

/** --auth off in the composed emulator: issued keys act as their identity, others as the developer. */
export function unverifiedAuthenticator(issued: IssuedKeys): (req: WireRequest) => Caller {
  return (req) => {
    const accessKeyId = accessKeyOf(req);
    const identity = issued(accessKeyId);
    return identity ? { kind: 'identity', accessKeyId, identityId: identity.identityId } : { kind: 'developer', accessKeyId };
  };
}
