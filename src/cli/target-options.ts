// Flags shared by every command that talks to a target.
import { Option, type Command } from 'commander';
import { secondsFlag } from './validate.ts';
import type { TargetSpec } from '../target/index.ts';

export type TargetFlags = { target?: string; region?: string; identityPoolId?: string; allowAws?: boolean; credentialMode?: string; requestTimeout?: number; fault?: string[]; variant?: string[] };

export function withTargetOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'read options from this JSON file (default: ./cognito-sync-harness.config.json when present); flags override it, it overrides the environment')
    .option('--target <target>', 'emulator, aws, or an endpoint URL (default: url when AWS_ENDPOINT_URL_COGNITO_SYNC or AWS_ENDPOINT_URL is set, else emulator)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or us-east-1)')
    .option('--identity-pool-id <id>', 'identity pool to use (required for aws)')
    .option('--allow-aws', 'allow requests to real AWS (needed with --target aws)')
    .addOption(new Option('--credential-mode <mode>', 'developer or identity credentials for the suites').choices(['developer', 'identity']).default('developer'))
    .option('--request-timeout <seconds>', 'deadline of every request to the target; a request past it is aborted (default 10)', secondsFlag('--request-timeout', 600))
    .option('--fault <name...>', 'emulator only: switch on deliberate faults')
    .option('--variant <name...>', 'emulator only: answer as a different but correct backend may (legal-variation switches)');
}

export function specOf(flags: TargetFlags): TargetSpec {
  return {
    ...(flags.target ? { target: flags.target } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.identityPoolId ? { identityPoolId: flags.identityPoolId } : {}),
    ...(flags.allowAws ? { allowAws: true } : {}),
    ...(flags.credentialMode === 'identity' ? { credentialMode: 'identity' as const } : {}),
    ...(flags.requestTimeout ? { requestTimeoutMs: flags.requestTimeout } : {}),
    ...(flags.fault?.length ? { faults: flags.fault } : {}),
    ...(flags.variant?.length ? { variants: flags.variant } : {}),
  };
}
