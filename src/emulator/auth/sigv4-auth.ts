// SigV4 authentication for the embedded emulator: every request is verified
// with the project's own signer, then mapped to a caller kind. Developer
// credentials are the documented fixed pair; identity credentials are the
// temporary ones the emulated Cognito Identity issued.

import { ServiceError, type ErrorType } from '../../model/errors.ts';
import type { Operation } from '../../model/operations.ts';
import { nodeCrypto } from '../../sigv4/crypto-node.ts';
import { verify, type HttpRequest } from '../../sigv4/index.ts';
import type { Caller, WireRequest } from '../types.ts';

export type CredentialLookup = {
  developer: { accessKeyId: string; secretAccessKey: string };
  /** Temporary credentials issued by the emulated Cognito Identity. */
  temporary(accessKeyId: string): { secretAccessKey: string; sessionToken: string; identityId: string; expired?: boolean } | undefined;
};

export type SigV4Options = { region: string; clock: { now(): number }; credentials: CredentialLookup };

function toHttpRequest(req: WireRequest): HttpRequest {
  return { method: req.method, host: req.headers.host ?? '', path: req.path, query: req.query, headers: req.headers, body: req.body };
}

/** Verifies a request signed for `service`; returns the caller or throws a 403 ServiceError. */
export function verifyCaller(req: WireRequest, service: string, opts: SigV4Options): Caller {
  const { developer, temporary } = opts.credentials;
  const result = verify(toHttpRequest(req), {
    service,
    region: opts.region,
    now: () => new Date(opts.clock.now()),
    crypto: nodeCrypto,
    lookup: (accessKeyId) => (accessKeyId === developer.accessKeyId ? { secretAccessKey: developer.secretAccessKey } : temporary(accessKeyId)),
  });
  if (!result.ok) throw new ServiceError(result.type as ErrorType, result.message);
  if (result.accessKeyId === developer.accessKeyId) return { kind: 'developer', accessKeyId: result.accessKeyId };
  const issued = temporary(result.accessKeyId)!;
  return { kind: 'identity', accessKeyId: result.accessKeyId, identityId: issued.identityId };
}

/** The emulator's Authenticator for Cognito Sync requests. */
export function sigv4Authenticator(opts: SigV4Options): (req: WireRequest, op: Operation) => Caller {
  return (req) => verifyCaller(req, 'cognito-sync', opts);
}
