// Provider verification of the committed pact against any target. State
// handlers set states up through the public API; a requestFilter re-signs
// every replayed request with SigV4 for the target's own host (exact body
// bytes, host with port, session token); a relay between Pact and the target
// retries throttling, checks the raw error header and enforces a deadline.
//
// Every interaction ends in one verdict: pass; not-applicable (its state
// cannot be reached on this target); or fail, with the kind of failure:
// assertion (Pact found the answer wrong), setup (its state failed),
// interrupt (no answer in time, or throttled throughout), crash (the
// verifier itself broke).

import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRouter } from '../src/model/routes.ts';
import type { FailureKind } from '../src/results/schema.ts';
import { isNotApplicable } from '../src/results/verdicts.ts';
import { nodeCrypto } from '../src/sigv4/crypto-node.ts';
import { sign } from '../src/sigv4/index.ts';
import type { Target } from '../src/target/index.ts';
import { PACT_FILE, PROVIDER } from './consumer/pact.ts';
import { Ledger, type Entry } from './ledger.ts';
import { pactInteractions } from './pact-file.ts';
import { DEFAULT_DEADLINE_MS, startRelay } from './relay.ts';
import { stateHandlers, type StateContext } from './states.ts';

export const COMMITTED_PACT = fileURLToPath(new URL(`./pacts/${PACT_FILE}`, import.meta.url));

export type InteractionStatus = 'pass' | 'fail' | 'not-applicable';
export type InteractionResult = {
  interaction: string;
  status: InteractionStatus;
  /** Nothing wrong was found: a pass, or not applicable on this target. */
  ok: boolean;
  /** Why it failed or is not applicable: what differed, then its basis. */
  reason?: string;
  failure?: FailureKind;
  /** The provider state it needs. */
  state: string;
  /** 429 answers the relay retried for it. */
  throttled: number;
  durationMs: number;
};
export type VerifyResult = {
  ok: boolean;
  interactions: InteractionResult[];
  /** Provider states that failed, each naming its state (not-applicable states are not errors). */
  stateErrors: string[];
  /** State errors that belong to no interaction in the pact (each interaction's own is on its result). */
  strayStateErrors: string[];
  /** 429 answers retried by the relay, over all interactions. */
  throttled: number;
  /** Set when the verifier itself broke, so no interaction has a real verdict. */
  crash?: string;
};

type Mismatch = { mismatch?: string; description?: string; type?: string };
type VerifierError = { interaction: string; mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] } };
type VerifierJson = { result?: boolean; errors?: VerifierError[]; interactionResults?: Array<{ description: string; result: string }> };

function parseVerifierJson(text: string): VerifierJson | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as VerifierJson) : undefined;
  } catch {
    return undefined;
  }
}

type StateHandler = (params: Record<string, unknown>) => Promise<Record<string, string | number>>;

export async function verifyContracts(opts: {
  target: Target;
  pactFiles?: string[];
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Replace state handlers (tests use it to prove a failing state fails the run). */
  stateOverrides?: Record<string, StateHandler>;
  /** Per-request deadline of the relay. */
  deadlineMs?: number;
}): Promise<VerifyResult> {
  const { target } = opts;
  // The target's own request deadline (--request-timeout) governs the relay too.
  const deadlineMs = opts.deadlineMs ?? target.requestTimeoutMs ?? DEFAULT_DEADLINE_MS;
  const pactFiles = opts.pactFiles ?? [COMMITTED_PACT];
  const ledger = new Ledger(pactFiles.flatMap((f) => pactInteractions(readFileSync(f, 'utf8'))));
  const ctx: StateContext = { target, signer: { as: 'developer' }, pools: new Set(), developerOnPurpose: false };
  const stateErrors: string[] = [];
  const strayStateErrors: string[] = [];
  let throttled = 0;

  const handlers = Object.fromEntries(Object.entries({ ...stateHandlers(ctx), ...opts.stateOverrides }).map(([state, fn]) => [state, async (params?: unknown) => {
    const entry = ledger.claim(state, params);
    try {
      return await fn((params ?? {}) as Record<string, unknown>);
    } catch (e) {
      if (isNotApplicable(e) && entry) {
        entry.notApplicable = e.reason;
        // Pact replays the request anyway; its verdict is ignored for this interaction.
        return {};
      }
      const message = e instanceof Error ? e.message : String(e);
      stateErrors.push(`state "${state}": ${message}`);
      if (entry) entry.setupError = message;
      else strayStateErrors.push(`state "${state}": ${message}`);
      throw e;
    }
  }])) as VerifierOptions['stateHandlers'];

  const base = new URL(target.syncEndpoint);
  const prefix = base.pathname.replace(/\/$/, '');
  const route = createRouter();
  const developer = await target.developerCredentials();

  // The proxy's express request, as far as the filter needs it.
  type ProxyRequest = { path: string; method: string; url: string; originalUrl?: string; body: unknown; headers: Record<string, string | string[] | undefined> };
  const requestFilter = (req: ProxyRequest, _res: unknown, next: () => void) => {
    if (req.path === '/_pactSetup') return next();
    const body = Buffer.isBuffer(req.body) ? req.body
      : req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0 ? Buffer.from(JSON.stringify(req.body))
      : Buffer.alloc(0);
    const url = new URL(req.originalUrl ?? req.url, base);
    // The table's credential kind decides who signs: developer-only operations always as the developer,
    // identity-only ones as the identity the state chose; for the rest the state may choose.
    const kind = route(req.method, url.pathname)?.op.credentials ?? 'either';
    let credentials = developer;
    if (kind !== 'developer' && ctx.signer.as === 'identity') credentials = ctx.signer.credentials;
    if (kind === 'identity' && ctx.signer.as === 'developer' && !ctx.developerOnPurpose) {
      const message = `${req.method} ${url.pathname} needs identity credentials, but no provider state chose an identity caller`;
      stateErrors.push(message);
      if (ledger.current) ledger.current.setupError ??= message;
      else strayStateErrors.push(message);
    }
    for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'host', 'content-length']) delete req.headers[h];
    const headers: Record<string, string> = body.length > 0 ? { 'content-type': String(req.headers['content-type'] ?? 'application/json') } : {};
    // Signed for the target itself: the relay forwards these bytes unchanged.
    const signed = sign({ method: req.method, host: base.host, path: prefix + url.pathname, query: url.search.slice(1), headers, body }, {
      credentials, region: target.region, service: 'cognito-sync', now: () => new Date(), crypto: nodeCrypto,
    });
    Object.assign(req.headers, signed, { 'content-length': String(body.length) });
    next();
  };

  const relay = await startRelay({
    target: target.syncEndpoint,
    deadlineMs,
    onExchange: (e) => {
      throttled += e.throttled;
      target.stats.throttled += e.throttled;
      ledger.current?.exchanges.push(e);
    },
  });

  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl: relay.url,
    pactUrls: pactFiles,
    stateHandlers: handlers,
    requestFilter: requestFilter as unknown as VerifierOptions['requestFilter'],
    beforeEach: async () => {
      ctx.signer = { as: 'developer' };
      ctx.developerOnPurpose = false;
    },
    logLevel: opts.logLevel ?? 'error',
    // Above the relay's deadline, so a slow target is reported by the relay, with its reason.
    timeout: deadlineMs + 15_000,
    ...(process.env.PACT_BROKER_BASE_URL ? { publishVerificationResult: true, providerVersion: process.env.PACT_PROVIDER_VERSION ?? '0.0.0-local' } : {}),
  });

  let json: VerifierJson | undefined;
  let crash: string | undefined;
  try {
    const out = String(await verifier.verifyProvider());
    json = parseVerifierJson(out);
    if (!json) crash = `the Pact verifier returned no results: ${out.slice(0, 300)}`;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    json = parseVerifierJson(message);
    if (!json) crash = `the Pact verifier crashed: ${message.slice(0, 300)}`;
  } finally {
    await relay.close();
  }

  const end = performance.now();
  const interactions = ledger.entries.map((entry) => verdict(entry, json, crash, ledger.durationMs(entry, end)));
  const ok = !crash && interactions.every((i) => i.status !== 'fail') && stateErrors.length === 0;
  return { ok, interactions, stateErrors, strayStateErrors, throttled, ...(crash ? { crash } : {}) };
}

function verdict(entry: Entry, json: VerifierJson | undefined, crash: string | undefined, durationMs: number): InteractionResult {
  const throttled = entry.exchanges.reduce((n, e) => n + e.throttled, 0);
  const base = { interaction: entry.description, state: entry.state, throttled, durationMs };
  const basis = entry.basis ? ` (basis: ${entry.basis})` : '';
  if (entry.notApplicable) return { ...base, status: 'not-applicable', ok: true, reason: entry.notApplicable };
  const fail = (failure: FailureKind, reason: string): InteractionResult => ({ ...base, status: 'fail', ok: false, failure, reason });
  if (entry.setupError) return fail('setup', `provider state "${entry.state}" could not be set up: ${entry.setupError}`);
  if (crash || !json) return fail('crash', crash ?? 'the Pact verifier crashed');
  const error = json.errors?.find((e) => e.interaction === entry.description || e.interaction.endsWith(` - ${entry.description}`));
  const result = json.interactionResults?.find((r) => r.description === entry.description)?.result;
  if (!error && result === undefined && entry.claimedAt === undefined) return fail('crash', 'the Pact verifier never verified this interaction');
  if (!error && (result === undefined || result === 'OK')) return { ...base, status: 'pass', ok: true };
  const notes = entry.exchanges.flatMap((e) => e.notes);
  const detail = [describe(error), ...notes].filter(Boolean).join('; ');
  const trouble = entry.exchanges.find((e) => e.trouble);
  if (trouble) return fail('interrupt', detail);
  if (error?.mismatch?.type && error.mismatch.type !== 'mismatches') return fail('crash', `${detail}`);
  return fail('assertion', `${detail}${basis}`);
}

function describe(error: VerifierError | undefined): string {
  if (!error) return 'failed';
  return error.mismatch?.mismatches?.map((m) => m.mismatch ?? m.description).filter(Boolean).join('; ') || error.mismatch?.message || error.mismatch?.type || 'failed';
}
