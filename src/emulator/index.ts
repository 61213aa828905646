// The emulator's public entry: what the harness, the CLI, the benchmark and
// the suites may use. Everything else under src/emulator is internal.
export { createEmulator, type AuthMode, type Emulator, type EmulatorOptions } from './emulator.ts';
export { KEEP_ALIVE_TIMEOUT_MS, startEmulator, type ListenOptions, type RunningEmulator } from './server.ts';
export { DEVELOPER_CREDENTIALS, developerCredentials } from './auth/developer.ts';
export { faults, faultNames, parseFaults, type FaultName } from './faults.ts';
export { DEFAULT_CORS_ORIGINS, validCorsOrigin } from './wire/cors.ts';
export type { Clock, WireRequest, WireResponse } from './types.ts';
export { variants, variantNames, parseVariants, type VariantName } from './variants.ts';
