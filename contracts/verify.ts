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
//
// Pacts come from files (the committed pact by default) or from a Pact Broker
// (broker.ts). From a broker, a failure in a pending pact is reported but does
// not fail the run, as the broker asks; results are published only when asked.

import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { readFileSync } from 'node:fs';
import { createRouter } from '../src/model/routes.ts';
import type { FailureKind } from '../src/results/schema.ts';
import { isNotApplicable } from '../src/results/verdicts.ts';
import { nodeCrypto } from '../src/sigv4/crypto-node.ts';
import { sign } from '../src/sigv4/index.ts';
import type { Target } from '../src/target/index.ts';
import { COMMITTED_PACT, PROVIDER } from './names.ts';
import type { BrokerSource } from './broker.ts';
import { Ledger, type Entry } from './ledger.ts';
import { pactInteractions } from './pact-file.ts';
import { DEFAULT_DEADLINE_MS, startRelay } from './relay.ts';
import { stateHandlers, type StateContext } from './states.ts';


export type InteractionStatus = 'pass' | 'fail' | 'not-applicable';
export type InteractionResult = {
  interaction: string;
  status: InteractionStatus;
  /** Nothing wrong was found: a pass, or not applicable on this target. */
  ok: boolean;
  /** Why it failed or is not applicable: what differed, then its basis. */
  reason?: string;
  failure?: FailureKind;
  /** From a pact the broker marked pending: a failure is reported, but does not fail the run. */
  pending?: boolean;
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
  /** Pacts that could not be fetched from the broker (none found, broker unreachable, refused credentials). */
  sourceErrors: string[];
  /** What the broker said about the pacts it chose (why each was selected, pending or WIP). */
  notices: string[];
};

type Mismatch = { mismatch?: string; description?: string; type?: string };
type VerifierError = { interaction: string; mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] } };
type VerifierJson = {
  result?: boolean;
  errors?: VerifierError[];
  pendingErrors?: VerifierError[];
  notices?: Array<{ text?: string; when?: string }>;
  interactionResults?: Array<{ description: string; result: string }>;
};

// Read by pact-core itself whenever set; a file verification must not pick them up by accident.
const BROKER_ENV = ['PACT_BROKER_BASE_URL', 'PACT_BROKER_PUBLISH_VERIFICATION_RESULTS'];

/** Runs fn with these variables out of process.env, and puts them back after. */
async function without<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
  const saved = names.filter((n) => n in process.env).map((n) => [n, process.env[n]] as const);
  for (const [n] of saved) delete process.env[n];
  try {
    return await fn();
  } finally {
    for (const [n, v] of saved) process.env[n] = v;
  }
}

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
  /** Fetch the pacts from this broker instead of files. */
  broker?: BrokerSource;
}): Promise<VerifyResult> {
  const { target } = opts;
  // The target's own request deadline (--request-timeout) governs the relay too.
  const deadlineMs = opts.deadlineMs ?? target.requestTimeoutMs ?? DEFAULT_DEADLINE_MS;
  const { broker } = opts;
  const pactFiles = broker ? [] : opts.pactFiles ?? [COMMITTED_PACT];
  // From a broker the interactions are known only as the verifier meets them: the ledger grows with each state setup.
  const ledger = new Ledger(pactFiles.flatMap((f) => pactInteractions(readFileSync(f, 'utf8'))), broker ? { open: true } : {});
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
    ...(broker ? brokerOptions(broker) : { pactUrls: pactFiles }),
    stateHandlers: handlers,
    requestFilter: requestFilter as unknown as VerifierOptions['requestFilter'],
    beforeEach: async () => {
      ctx.signer = { as: 'developer' };
      ctx.developerOnPurpose = false;
    },
    logLevel: opts.logLevel ?? 'error',
    // Above the relay's deadline, so a slow target is reported by the relay, with its reason.
    timeout: deadlineMs + 15_000,
  });

  let json: VerifierJson | undefined;
  let crash: string | undefined;
  try {
    // Only the options above decide where pacts come from and whether results are published.
    const out = String(await without(broker ? ['PACT_BROKER_PUBLISH_VERIFICATION_RESULTS'] : BROKER_ENV, () => verifier.verifyProvider()));
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
  if (broker && json) ledger.name(json.interactionResults?.map((r) => r.description) ?? []);
  // Each error and result pairs with one interaction, in order: a broker may send two pacts with the same descriptions.
  const left = { errors: [...(json?.errors ?? [])], pendingErrors: [...(json?.pendingErrors ?? [])], results: [...(json?.interactionResults ?? [])] };
  const interactions = ledger.entries.map((entry) => verdict(entry, json && left, crash, ledger.durationMs(entry, end)));
  // Errors that belong to no interaction: the pacts themselves could not be loaded (none found, broker unreachable, refused).
  const sourceErrors = left.errors.map((e) => `${e.interaction}: ${describe(e)}`);
  const notices = (json?.notices ?? []).map((n) => n.text ?? '').filter((t) => t !== '');
  const ok = !crash && sourceErrors.length === 0 && interactions.every((i) => i.status !== 'fail' || i.pending) && stateErrors.length === 0;
  return { ok, interactions, stateErrors, strayStateErrors, throttled, sourceErrors, notices, ...(crash ? { crash } : {}) };
}

/** The verifier's options for a broker source. Credentials stay in the environment, where pact-core reads them, so they never sit in an options object that a trace log could print. */
function brokerOptions(b: BrokerSource): Partial<VerifierOptions> {
  return {
    pactBrokerUrl: b.url,
    consumerVersionSelectors: b.consumerVersionSelectors,
    enablePending: b.enablePending,
    ...(b.includeWipPactsSince ? { includeWipPactsSince: b.includeWipPactsSince } : {}),
    ...(b.providerBranch ? { providerVersionBranch: b.providerBranch } : {}),
    // Nothing of the verifier's publishing is set unless asked: without a version pact-core never publishes.
    ...(b.publish ? { publishVerificationResult: true, providerVersion: b.publish.providerVersion, ...(b.publish.providerBranch ? { providerVersionBranch: b.publish.providerBranch } : {}) } : {}),
    // No pacts is a failure of the source, not a pass.
    failIfNoPactsFound: true,
  };
}

type Left = { errors: VerifierError[]; pendingErrors: VerifierError[]; results: Array<{ description: string; result: string }> };

/** Removes and returns the first item that matches. */
function take<T>(items: T[], match: (t: T) => boolean): T | undefined {
  const i = items.findIndex(match);
  return i < 0 ? undefined : items.splice(i, 1)[0];
}

function verdict(entry: Entry, left: Left | undefined, crash: string | undefined, durationMs: number): InteractionResult {
  const throttled = entry.exchanges.reduce((n, e) => n + e.throttled, 0);
  const base: Pick<InteractionResult, 'interaction' | 'state' | 'throttled' | 'durationMs' | 'pending'> = { interaction: entry.description, state: entry.state, throttled, durationMs };
  const basis = entry.basis ? ` (basis: ${entry.basis})` : '';
  const matches = (e: VerifierError) => e.interaction === entry.description || e.interaction.endsWith(` - ${entry.description}`);
  const hard = left && take(left.errors, matches);
  const soft = hard ? undefined : left && take(left.pendingErrors, matches);
  const result = left && take(left.results, (r) => r.description === entry.description)?.result;
  if (soft) base.pending = true;
  if (entry.notApplicable) return { ...base, status: 'not-applicable', ok: true, reason: entry.notApplicable };
  const fail = (failure: FailureKind, reason: string): InteractionResult => ({ ...base, status: 'fail', ok: false, failure, reason });
  if (entry.setupError) return fail('setup', `provider state "${entry.state}" could not be set up: ${entry.setupError}`);
  if (crash || !left) return fail('crash', crash ?? 'the Pact verifier crashed');
  const error = hard ?? soft;
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
