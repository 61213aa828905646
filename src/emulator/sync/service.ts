// Cognito Sync in process: route → authenticate → parse → authorize → handle
// → respond. No socket and no Cognito Identity: ../emulator.ts composes this
// with Cognito Identity and SigV4, and ../server.ts adapts node:http to it.
// Tests of the Sync layer alone call handle() with their own authenticator.

import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_PAGES, MAX_REQUEST_BODY_BYTES, SMALL_PAGES } from '../../model/limits.ts';
import { ServiceError } from '../../model/errors.ts';
import { accessKeyAuthenticator } from '../auth/access-key.ts';
import { authorize, checkExists } from '../auth/authorize.ts';
import { parseFaults, type FaultName } from '../faults.ts';
import { handlers, type HandlerContext } from './handlers.ts';
import { PoolStore } from './pools.ts';
import { SyncStore } from './store.ts';
import { createTokenCodec } from '../tokens.ts';
import type { Operation } from '../../model/operations.ts';
import type { Caller, SyncServiceOptions, WireRequest, WireResponse } from '../types.ts';
import { parseVariants, THROTTLE_SHARE, type VariantName } from '../variants.ts';
import { parseInput } from '../wire/parse-input.ts';
import { failure, recordJsonCache, success } from '../wire/respond.ts';
import { createRouter } from '../../model/routes.ts';


export type SyncService = {
  handle(req: WireRequest): Promise<WireResponse>;
  readonly sync: SyncStore;
  readonly pools: PoolStore;
  readonly faults: ReadonlySet<FaultName>;
  readonly variants: ReadonlySet<VariantName>;
  readonly maxBodyBytes: number;
};

export function createSyncService(opts: SyncServiceOptions = {}): SyncService {
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
  const throttled = variants.has('throttling') ? throttle(randomBytes(4)) : () => false;
  const router = createRouter();
  const recordJson = recordJsonCache();
  const authenticate = opts.authenticate ?? accessKeyAuthenticator;
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error('emulator internal error:', e));
  const ctx: HandlerContext = {
    sync, pools, tokens, faults, variants, pages: variants.has('small-pages') ? SMALL_PAGES : DEFAULT_PAGES, now: () => clock.now(),
    poolIds: () => opts.directory?.listPoolIds?.() ?? [...sync.knownPoolIds(), ...pools.knownPoolIds()],
  };

  // Synchronous unless a step answers with a promise: the --auth off authenticator and most handlers answer
  // at once, and each async layer is a promise and a microtask turn per request on the hot path.
  function dispatch(req: WireRequest): WireResponse | Promise<WireResponse> {
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
    const authenticated = authenticate(req, op);
    return authenticated instanceof Promise
      ? authenticated.then((caller) => serveAs(req, op, labels, caller))
      : serveAs(req, op, labels, authenticated);
  }

  function serveAs(req: WireRequest, op: Operation, labels: Readonly<Record<string, string>>, caller: Caller): WireResponse | Promise<WireResponse> {
    const input = parseInput(op, labels, req);
    authorize(caller, op, input);
    checkExists(opts.directory, op, input);
    const result = handlers[op.name as keyof typeof handlers](ctx, input, caller);
    return result instanceof Promise
      ? result.then((output) => success(op, output, switches, recordJson))
      : success(op, result, switches, recordJson);
  }

  function refused(e: unknown): WireResponse {
    if (e instanceof ServiceError) return failure(e, faults);
    onInternalError(e);
    return failure(new ServiceError('InternalErrorException', 'Internal error'), faults);
  }

  return {
    sync, pools, faults, variants, maxBodyBytes,
    handle(req) {
      try {
        const answer = dispatch(req);
        return answer instanceof Promise ? answer.catch(refused) : Promise.resolve(answer);
      } catch (e) {
        return Promise.resolve(refused(e));
      }
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
