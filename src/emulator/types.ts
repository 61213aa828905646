import type { Operation } from '../model/operations.ts';
import type { FaultName } from './faults.ts';
import type { Journal } from './persist/mutations.ts';
import type { VariantName } from './variants.ts';

/** A request as the wire layer sees it; tests can build one without a socket. */
export type WireRequest = {
  method: string;
  /** Raw path, still percent-encoded. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
};

export type WireResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * The same body as chunks for the socket, when an answer has them: a cached
   * page's bytes between two short strings. `body` is then their
   * concatenation, joined only if something reads it.
   */
  parts?: ReadonlyArray<string | Uint8Array>;
};

export type Clock = { now(): number };

export type Caller = { kind: 'developer' | 'identity'; accessKeyId: string; identityId?: string };

/** Decides who is calling; throws a ServiceError (403) to refuse. */
export type Authenticator = (req: WireRequest, op: Operation) => Caller | Promise<Caller>;

/** Which pools and identities exist; the emulated Cognito Identity provides one. */
export type Directory = {
  poolExists(poolId: string): boolean;
  identityExists(poolId: string, identityId: string): boolean;
  listPoolIds?(): string[];
};

/** Options of the Sync layer alone (sync/service.ts); the composed emulator's are in emulator.ts. */
export type SyncServiceOptions = {
  faults?: Iterable<FaultName | string>;
  /** Legal-variation switches: choices a correct backend may make differently (variants.ts). */
  variants?: Iterable<VariantName | string>;
  clock?: Clock;
  authenticate?: Authenticator;
  directory?: Directory;
  /** Cognito Identity on the same port: POST / with X-Amz-Target AWSCognitoIdentityService.* */
  identity?: (req: WireRequest) => Promise<WireResponse>;
  sessionTtlMs?: number;
  maxBodyBytes?: number;
  bulkPublishDurationMs?: number;
  /** Random bytes for IDs and MAC keys; injectable for reproducible tests. */
  randomBytes?: (n: number) => Uint8Array;
  /** --state-dir (persist/): the stores record their changes here, and tokens are signed with a key that outlives restarts. */
  persistence?: { journal: Journal; tokenKey: Uint8Array };
  /** Where unexpected handler failures are reported (they become 500 InternalErrorException). */
  onInternalError?: (error: unknown) => void;
};
