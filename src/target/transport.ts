// How the harness's AWS SDK clients talk to a target: one attempt by default,
// a deadline on every send, and keep-alive sockets the client lets go of
// before the server does.

import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { Target } from './types.ts';

/**
 * How long an idle keep-alive socket stays in the SDK's pool. The SDK's default agent keeps idle sockets
 * for ever and, with no timeout of its own, ignores the Keep-Alive hint a server sends. A node:http server
 * drops an idle socket after 5 s by default, so a request written at that moment meets a closing socket
 * and fails with ECONNRESET: a false failure of a correct backend. 4 s is undici's (fetch's) default, and
 * a server that announces a shorter timeout is honoured, less a second (node's agent does that once it
 * has a timeout of its own).
 */
export const IDLE_SOCKET_MS = 4_000;

export type TransportOptions = { maxAttempts?: number; idleSocketMs?: number };

/** The SDK client options for a target whose requests each have `timeoutMs`. */
export function sdkTransport(timeoutMs: number, opts: TransportOptions = {}) {
  const agent = { keepAlive: true, timeout: opts.idleSocketMs ?? IDLE_SOCKET_MS };
  return {
    // One attempt: by default a retry would hide the first answer, which is what the suites judge.
    maxAttempts: opts.maxAttempts ?? 1,
    // throwOnRequestTimeout: by default the SDK only warns when requestTimeout passes and keeps waiting.
    requestHandler: {
      connectionTimeout: Math.min(3_000, timeoutMs), requestTimeout: timeoutMs, throwOnRequestTimeout: true,
      httpAgent: agent, httpsAgent: agent,
    },
  };
}

type Sendable = { send(command: unknown, options?: unknown): Promise<unknown> };

/**
 * Every send gets an abort signal at the deadline (unless the caller brought its own), so the request is torn down
 * even when the SDK's own timers do not fire (e.g. while waiting for a socket).
 */
export function withDeadline<C extends Sendable>(client: C, timeoutMs: number): C {
  const send = client.send.bind(client);
  (client as Sendable).send = (command: unknown, options?: unknown) => {
    const given = options && typeof options === 'object' ? (options as { abortSignal?: unknown }) : undefined;
    if (given?.abortSignal || typeof options === 'function') return send(command, options);
    return send(command, { ...given, abortSignal: AbortSignal.timeout(timeoutMs) });
  };
  return client;
}

/** A Cognito Identity client for the target's developer calls (pools of its own), bound by the target's deadline. */
export function identitySdk(target: Target, opts: TransportOptions = {}): CognitoIdentityClient {
  const client = new CognitoIdentityClient({
    endpoint: target.identityEndpoint, region: target.region, credentials: target.developerCredentials, ...sdkTransport(target.requestTimeoutMs, opts),
  });
  return withDeadline(client, target.requestTimeoutMs);
}
