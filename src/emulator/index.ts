export { createEmulator, type Emulator } from './emulator.ts';
export { startEmulator, type RunningEmulator } from './server.ts';
export { faults, faultNames, parseFaults, type FaultName } from './faults.ts';
export type { Authenticator, Caller, Clock, Directory, EmulatorOptions, WireRequest, WireResponse } from './types.ts';
export { variants, variantNames, parseVariants, type VariantName } from './variants.ts';
