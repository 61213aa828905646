export { resolveTarget, kindOf } from './resolve.ts';
export type { Target, TargetSpec, TargetKind, CredentialMode, IdentityFixture } from './types.ts';
