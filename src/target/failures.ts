// Maps what goes wrong when first talking to a target to one line a user can
// act on: the cause and the fix, never a stack trace.
import { HarnessError } from '../harness-error.ts';

type Where = { kind: string; name: string; identityEndpoint: string; identityPoolId?: string; requestTimeoutMs?: number };

/** Exit code of a target that cannot be reached or does not answer (README: exit codes). */
export const EXIT_UNREACHABLE = 3;

export async function describeFailure<T>(where: Where, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw explain(where, e);
  }
}

export function explain(where: Where, e: unknown): Error {
  if (e instanceof HarnessError) return e;
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
  const code = err.code ?? err.cause?.code ?? '';
  const endpoint = where.identityEndpoint;
  const network: Record<string, string> = {
    ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', EHOSTUNREACH: 'host unreachable',
    ETIMEDOUT: 'timed out', TimeoutError: 'timed out',
  };
  // The SDK names socket errors (ECONNRESET, EPIPE, ETIMEDOUT) TimeoutError; their code says what happened.
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new HarnessError(`${endpoint} (${where.kind} target ${where.name}) closed the connection without answering (${code})`,
      'Check the endpoint\'s log for a crash, or a proxy in between; a server that drops idle connections in under 4 s should say so in a Keep-Alive header',
      EXIT_UNREACHABLE);
  }
  const socketError = /^E[A-Z]+$/.test(code);
  const silent = !socketError && (err.name === 'TimeoutError' || err.name === 'AbortError' || code === 'TimeoutError' || /requestTimeout|aborted/i.test(err.message ?? ''));
  if (silent && !/connection ?timeout/i.test(err.message ?? '')) {
    const s = where.requestTimeoutMs !== undefined ? `${where.requestTimeoutMs / 1000} s` : 'the deadline';
    return new HarnessError(`${endpoint} (${where.kind} target ${where.name}) accepted the request but did not answer within ${s}`,
      'Check that a Cognito Sync / Cognito Identity service is running there, or raise --request-timeout if it is only slow', EXIT_UNREACHABLE);
  }
  const net = network[code] ?? network[err.name ?? ''];
  if (net) {
    return new HarnessError(`Cannot reach ${endpoint} (${net})`, where.kind === 'url'
      ? 'Start the endpoint, or point --target / AWS_ENDPOINT_URL_COGNITO_SYNC at a running one'
      : 'Check the network and the region', EXIT_UNREACHABLE);
  }
  switch (err.name) {
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignatureException':
    case 'MissingAuthenticationTokenException':
    case 'ExpiredTokenException':
    case 'AccessDeniedException':
    case 'CredentialsProviderError':
      return new HarnessError(`${where.name} refused the credentials (${err.name})`, where.kind === 'aws'
        ? 'Check AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN'
        : 'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY to the credentials the endpoint expects');
    case 'ResourceNotFoundException':
      return new HarnessError(`Identity pool ${where.identityPoolId ?? '(new)'} does not exist on ${where.name}`,
        'Pass an existing pool with --identity-pool-id or COGNITO_SYNC_IDENTITY_POOL_ID');
    case 'NotAuthorizedException':
      return new HarnessError(`${where.name} would not let these credentials use the identity pool (${oneLine(err.message)})`,
        'Allow unauthenticated identities on the pool, or use credentials with access to it');
  }
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined || /Deserialization|Unexpected token|not valid JSON|char /i.test(`${err.name} ${err.message}`)) {
    return new HarnessError(`${endpoint} does not answer like an AWS service (HTTP ${status ?? '?'}: ${oneLine(err.message).slice(0, 80)})`,
      'Check that --target points at a Cognito Sync / Cognito Identity endpoint');
  }
  return new HarnessError(`Talking to ${endpoint} failed: ${oneLine(err.message ?? String(e))}`, 'Check --target and the credentials');
}

function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}
