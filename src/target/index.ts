export { resolveTarget, kindOf, withDeadline, DEFAULT_REQUEST_TIMEOUT_MS } from './resolve.ts';
export type { Target, TargetSpec, TargetKind, CredentialMode, IdentityFixture } from './types.ts';
