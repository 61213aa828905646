// The in-process emulator: route → authenticate → parse → authorize → handle
// → respond. No socket: server.ts adapts node:http to it, tests call handle().

import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_PAGES, SMALL_PAGES } from '../model/limits.ts';
import { ServiceError } from '../model/errors.ts';
import { accessKeyAuthenticator } from './auth/access-key.ts';
import { authorize, checkExists } from './auth/authorize.ts';
import { parseFaults, type FaultName } from './faults.ts';
import { handlers, type HandlerContext } from './sync/handlers.ts';
import { PoolStore } from './sync/pools.ts';
import { SyncStore } from './sync/store.ts';
import { createTokenCodec } from './sync/tokens.ts';
import type { EmulatorOptions, WireRequest, WireResponse } from './types.ts';
import { parseVariants, THROTTLE_SHARE, type VariantName } from './variants.ts';
import { parseInput } from './wire/parse-input.ts';
import { failure, success } from './wire/respond.ts';
import { createRouter } from './wire/router.ts';

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

export type Emulator = {
  handle(req: WireRequest): Promise<WireResponse>;
  readonly sync: SyncStore;
  readonly pools: PoolStore;
  readonly faults: ReadonlySet<FaultName>;
  readonly variants: ReadonlySet<VariantName>;
  readonly maxBodyBytes: number;
};

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const faults = parseFaults(opts.faults);
  const variants = parseVariants(opts.variants);
  const switches = { faults, variants };
  const clock = opts.clock ?? { now: () => Date.now() };
  const randomBytes = opts.randomBytes ?? ((n: number) => nodeRandomBytes(n));
  const tokens = createTokenCodec(opts.persistence?.tokenKey ?? randomBytes(32), variants.has('opaque-tokens'));
  const journal = opts.persistence?.journal;
  const bulkMs = variants.has('bulk-instant') ? 0 : opts.bulkPublishDurationMs ?? 1000;
  const pools = new PoolStore(clock, bulkMs, () => randomUUID(), faults, journal);
  const sync = new SyncStore({
    clock, tokens, faults, variants, sessionTtlMs: opts.sessionTtlMs ?? 60 * 60 * 1000, onSession: (p) => pools.countSession(p),
    ...(journal ? { journal } : {}),
  });
  const durable = opts.persistence?.durable;
  const throttled = variants.has('throttling') ? throttle(randomBytes(4)) : () => false;
  const router = createRouter();
  const authenticate = opts.authenticate ?? accessKeyAuthenticator;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error('emulator internal error:', e));
  const ctx: HandlerContext = {
    sync, pools, tokens, faults, variants, pages: variants.has('small-pages') ? SMALL_PAGES : DEFAULT_PAGES, now: () => clock.now(),
    poolIds: () => opts.directory?.listPoolIds?.() ?? [...sync.knownPoolIds(), ...pools.knownPoolIds()],
  };

  async function dispatch(req: WireRequest): Promise<WireResponse> {
    if (req.body.length > maxBodyBytes) {
      throw new ServiceError('RequestEntityTooLargeException', `Request body is larger than ${maxBodyBytes} bytes`);
    }
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && (req.path === '/' || req.path === '') && target?.startsWith('AWSCognitoIdentityService.')) {
      if (opts.identity) return opts.identity(req);
      throw new ServiceError('UnknownOperationException', 'Cognito Identity is not served by this emulator');
    }
    const match = router(req.method, req.path);
    if (!match) throw new ServiceError('UnknownOperationException', `No operation at ${req.method} ${req.path.slice(0, 200)}`);
    const { op, labels } = match;
    if (throttled()) throw new ServiceError('TooManyRequestsException', 'Rate exceeded');
    const caller = await authenticate(req, op);
    const input = parseInput(op, labels, req);
    authorize(caller, op, input);
    checkExists(opts.directory, op, input);
    const output = await handlers[op.name as keyof typeof handlers](ctx, input, caller);
    return success(op, output, switches);
  }

  // With --state-dir an answer waits for the fsync covering every change recorded so far (group commit);
  // even a refused request may have recorded one (a refused first write still creates the identity's state).
  async function acked(response: WireResponse): Promise<WireResponse> {
    try {
      await durable!();
      return response;
    } catch (e) {
      onInternalError(e);
      return failure(new ServiceError('InternalErrorException', 'Internal error: the state journal could not be written'), faults);
    }
  }

  return {
    sync, pools, faults, variants, maxBodyBytes,
    async handle(req) {
      let response: WireResponse;
      try {
        response = await dispatch(req);
      } catch (e) {
        if (e instanceof ServiceError) return durable ? acked(failure(e, faults)) : failure(e, faults);
        onInternalError(e);
        response = failure(new ServiceError('InternalErrorException', 'Internal error'), faults);
      }
      return durable ? acked(response) : response;
    },
  };
}

/** The throttling variant's coin: a small xorshift generator seeded per instance, so no call pattern is privileged. */
function throttle(seed: Uint8Array): () => boolean {
  let x = (seed[0]! | (seed[1]! << 8) | (seed[2]! << 16) | (seed[3]! << 24)) >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000 < THROTTLE_SHARE;
  };
}
