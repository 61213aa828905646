// Provider verification of the committed pact against any target. State
// handlers set states up through the public API; a requestFilter re-signs
// every replayed request with SigV4 (exact body bytes, host with port,
// session token). State-handler failures fail the verification, which Pact
// itself only logs.

import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRouter } from '../src/emulator/wire/router.ts';
import { nodeCrypto } from '../src/sigv4/crypto-node.ts';
import { sign } from '../src/sigv4/index.ts';
import type { Target } from '../src/target/index.ts';
import { PACT_FILE, PROVIDER } from './consumer/pact.ts';
import { stateHandlers, type StateContext } from './states.ts';

export const COMMITTED_PACT = fileURLToPath(new URL(`./pacts/${PACT_FILE}`, import.meta.url));

export type InteractionResult = { interaction: string; ok: boolean; reason?: string };
export type VerifyResult = { ok: boolean; interactions: InteractionResult[]; stateErrors: string[] };

type VerifierJson = { result: boolean; errors?: Array<{ interaction: string; mismatch?: { type?: string; message?: string; mismatches?: Array<{ mismatch?: string; description?: string }> } }>; output?: string[] };

function parseVerifierJson(text: string): VerifierJson | undefined {
  try {
    return JSON.parse(text) as VerifierJson;
  } catch {
    return undefined;
  }
}

export async function verifyContracts(opts: {
  target: Target;
  pactFiles?: string[];
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Replace state handlers (tests use it to prove a failing state fails the run). */
  stateOverrides?: Record<string, (params: Record<string, unknown>) => Promise<Record<string, string | number>>>;
}): Promise<VerifyResult> {
  const { target } = opts;
  const ctx: StateContext = { target, signer: { as: 'developer' }, pools: new Set(), developerOnPurpose: false };
  const stateErrors: string[] = [];
  const handlers = Object.fromEntries(Object.entries({ ...stateHandlers(ctx), ...opts.stateOverrides }).map(([state, fn]) => [state, async (params?: unknown) => {
    try {
      return await fn((params ?? {}) as Record<string, unknown>);
    } catch (e) {
      stateErrors.push(`state "${state}": ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }])) as VerifierOptions['stateHandlers'];
  const base = new URL(target.syncEndpoint);
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
      stateErrors.push(`${req.method} ${url.pathname} needs identity credentials, but no provider state chose an identity caller`);
    }
    for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'host', 'content-length']) delete req.headers[h];
    const headers: Record<string, string> = body.length > 0 ? { 'content-type': String(req.headers['content-type'] ?? 'application/json') } : {};
    const signed = sign({ method: req.method, host: base.host, path: url.pathname, query: url.search.slice(1), headers, body }, {
      credentials, region: target.region, service: 'cognito-sync', now: () => new Date(), crypto: nodeCrypto,
    });
    Object.assign(req.headers, signed, { 'content-length': String(body.length) });
    next();
  };

  const verifier = new Verifier({
    provider: PROVIDER,
    providerBaseUrl: target.syncEndpoint,
    pactUrls: opts.pactFiles ?? [COMMITTED_PACT],
    stateHandlers: handlers,
    requestFilter: requestFilter as unknown as VerifierOptions['requestFilter'],
    beforeEach: async () => {
      ctx.signer = { as: 'developer' };
      ctx.developerOnPurpose = false;
    },
    logLevel: opts.logLevel ?? 'error',
    timeout: 60_000,
    ...(process.env.PACT_BROKER_BASE_URL ? { publishVerificationResult: true, providerVersion: process.env.PACT_PROVIDER_VERSION ?? '0.0.0-local' } : {}),
  });

  let json: VerifierJson | undefined;
  let ok = true;
  try {
    json = parseVerifierJson(String(await verifier.verifyProvider()));
  } catch (e) {
    ok = false;
    json = parseVerifierJson(e instanceof Error ? e.message : String(e));
  }
  const failed = new Map<string, string>();
  for (const err of json?.errors ?? []) {
    const detail = err.mismatch?.mismatches?.map((m) => m.mismatch ?? m.description).filter(Boolean).join('; ') || err.mismatch?.message || err.mismatch?.type || 'failed';
    failed.set(err.interaction, detail);
  }
  const descriptions = interactionsOf(opts.pactFiles ?? [COMMITTED_PACT]);
  const interactions = descriptions.map((d) => {
    const reason = [...failed].find(([k]) => k.includes(d))?.[1];
    return reason ? { interaction: d, ok: false, reason } : { interaction: d, ok: true };
  });
  return { ok: ok && stateErrors.length === 0, interactions, stateErrors };
}

function interactionsOf(files: string[]): string[] {
  return files.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { interactions: Array<{ description: string }> }).interactions.map((i) => i.description));
}
