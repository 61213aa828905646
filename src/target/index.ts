export { resolveTarget, kindOf, DEFAULT_REQUEST_TIMEOUT_MS } from './resolve.ts';
export { identitySdk, sdkTransport, withDeadline, IDLE_SOCKET_MS } from './transport.ts';
export type { Target, TargetSpec, TargetKind, CredentialMode, IdentityFixture } from './types.ts';
