import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import type { ClientStats, Credentials, SyncClient } from '../client/client.ts';

export type TargetKind = 'emulator' | 'aws' | 'url';
export type CredentialMode = 'developer' | 'identity';

/** What the user asked for, from flags, the config file and the environment. */
export type TargetSpec = {
  /** 'emulator' (default), 'aws', or an endpoint URL. */
  target?: string;
  region?: string;
  identityPoolId?: string;
  /** Real AWS is refused unless this is set (--allow-aws). */
  allowAws?: boolean;
  credentialMode?: CredentialMode;
  /** Emulator only: fault switches, legal-variation switches, auth mode, listen address. */
  faults?: string[];
  variants?: string[];
  auth?: 'sigv4' | 'off';
  host?: string;
  port?: number;
  /** Run id: makes the dataset prefix unique per run. */
  runId?: string;
  /** Deadline of every request to the target, in ms (default 10 s); a request past it is aborted. */
  requestTimeoutMs?: number;
  /** Told, once the target is known and before the first request, the one line that names it (no secrets). */
  announce?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
};

/** An identity of the target's pool, with its own temporary credentials. */
export type IdentityFixture = { identityPoolId: string; identityId: string; credentials: Credentials };

export interface Target {
  readonly kind: TargetKind;
  /** How reports name it: 'emulator', 'aws:<region>' or the URL; never a secret. */
  readonly name: string;
  readonly region: string;
  readonly syncEndpoint: string;
  readonly identityEndpoint: string;
  readonly identityPoolId: string;
  readonly credentialMode: CredentialMode;
  /** Deadline of every request to the target, in ms; every client of this target aborts at it. */
  readonly requestTimeoutMs: number;
  /** Prefix of every dataset this run creates; cleanup deletes exactly these. */
  readonly prefix: string;
  /** Faults switched on in the embedded emulator (empty elsewhere). */
  readonly faults: readonly string[];
  /** Legal-variation switches on in the embedded emulator (empty elsewhere). */
  readonly variants: readonly string[];
  /** Where the developer credentials come from, with the key id masked; never the secret. */
  readonly credentialSource: string;
  /** Throttled answers (429) that every client of this target retried; the suites report it. */
  readonly stats: ClientStats;
  developerCredentials(): Promise<Credentials>;
  /** A dataset name under the run prefix. */
  datasetName(suffix: string): string;
  /** A new identity (GetId + GetCredentialsForIdentity), remembered for cleanup. */
  newIdentity(): Promise<IdentityFixture>;
  /** The harness client, acting as the developer or as one identity. */
  client(as: 'developer' | IdentityFixture): SyncClient;
  /** The AWS SDK client, for suites that must drive the real SDK. */
  sdk(as: 'developer' | IdentityFixture): CognitoSyncClient;
  /** Deletes every dataset with the run prefix of every identity this run made. Returns how many. */
  cleanup(): Promise<number>;
  /** cleanup(), then stops what the target started. Safe to call twice. */
  close(): Promise<void>;
}
