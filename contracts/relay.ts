// A relay between the Pact verifier and the target. Pact replays each
// interaction to it; it forwards the request byte for byte (already signed for
// the target's host) and hands the answer back, with three duties Pact cannot
// take on:
// - a target that throttles (429) is retried with bounded backoff, as every
//   AWS SDK does, so throttling never reads as a broken contract;
// - an error answer is checked on its raw header spelling, which Pact ignores
//   (it matches header names case-insensitively) but Android does not;
// - every request has a deadline, answered as a failure instead of a hang.

import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { backoffMs, DEFAULT_MAX_ATTEMPTS } from '../src/client/client.ts';

/** Exactly as Android looks it up (case-sensitive map in aws-sdk-android JsonErrorResponseHandler). */
export const ERROR_TYPE_HEADER = 'x-amzn-ErrorType';
export const DEFAULT_DEADLINE_MS = 15_000;
/** Marks answers the relay made up itself, so nobody mistakes them for the target's. */
export const RELAY_HEADER = 'x-harness-relay';

/** Why the relay could not deliver the target's answer; none of these is a wrong answer by the target. */
export type RelayTrouble = 'deadline' | 'unreachable' | 'throttled-out';

/** One replayed request, as the relay saw it. */
export type Exchange = {
  method: string;
  path: string;
  /** The status handed to Pact. */
  status: number;
  /** 429 answers that were retried. */
  throttled: number;
  /** Facts about the raw answer that Pact's failure message would not show. */
  notes: string[];
  trouble?: RelayTrouble;
};

export type RelayOptions = {
  /** The target's base URL: origin, and a path prefix if it has one. */
  target: string;
  deadlineMs?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once per relayed request, after the answer went back to Pact. */
  onExchange?: (e: Exchange) => void;
};

export type Relay = { readonly url: string; close(): Promise<void> };

// Connection-level headers belong to one hop; the relay speaks for itself on both sides.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length']);
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export type Answer = { status: number; rawHeaders: string[]; body: Buffer };

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const base = new URL(opts.target);
  const prefix = base.pathname.replace(/\/$/, '');
  const https = base.protocol === 'https:';
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const server = createServer((req, res) => {
    void relay(req, res).catch((e: unknown) => {
      // Only a bug in the relay gets here; answer anyway, so Pact never waits.
      if (!res.headersSent) answerItself(res, 502, `relay error: ${e instanceof Error ? e.message : String(e)}`);
    });
  });

  async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), deadlineMs);
    const exchange: Exchange = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0, throttled: 0, notes: [] };
    try {
      const body = await readBody(req);
      const headers = forwardable(req.rawHeaders);
      if (req.headers.host === undefined) headers.push('Host', base.host);
      if (body.length > 0 || req.headers['content-length'] !== undefined) headers.push('Content-Length', String(body.length));
      let answer: Answer | undefined;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        answer = await send(exchange.method, prefix + exchange.path, headers, body, abort.signal);
        if (answer.status !== 429 || attempt === maxAttempts) break;
        exchange.throttled++;
        const wait = backoffMs(attempt);
        if (Date.now() - started + wait >= deadlineMs) break;
        await sleep(wait);
      }
      if (answer!.status === 429) {
        exchange.trouble = 'throttled-out';
        exchange.notes.push(`the target still answered 429 after ${exchange.throttled + 1} attempts with backoff`);
      }
      exchange.status = answer!.status;
      deliver(res, checkErrorAnswer(answer!, exchange.notes));
    } catch (e) {
      if (abort.signal.aborted) {
        exchange.trouble = 'deadline';
        exchange.status = 504;
        exchange.notes.push(`the target did not answer within ${deadlineMs / 1000} s (the harness's deadline per request)`);
        answerItself(res, 504, exchange.notes.at(-1)!);
      } else {
        exchange.trouble = 'unreachable';
        exchange.status = 502;
        exchange.notes.push(`the target could not be reached: ${e instanceof Error ? e.message : String(e)}`);
        answerItself(res, 502, exchange.notes.at(-1)!);
      }
    } finally {
      clearTimeout(timer);
      opts.onExchange?.(exchange);
    }
  }

  function send(method: string, path: string, headers: string[], body: Buffer, signal: AbortSignal): Promise<Answer> {
    const request = https ? httpsRequest : httpRequest;
    return new Promise<Answer>((resolve, reject) => {
      const out = request({ protocol: base.protocol, hostname: base.hostname, port: base.port || undefined, method, path, headers, agent, signal }, (answer) => {
        readBody(answer).then((b) => resolve({ status: answer.statusCode ?? 0, rawHeaders: answer.rawHeaders, body: b }), reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  function deliver(res: ServerResponse, a: Answer): void {
    const headers = forwardable(a.rawHeaders);
    headers.push('Content-Length', String(a.body.length));
    res.writeHead(a.status, headers);
    res.end(a.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      agent.destroy();
    }),
  };
}

/**
 * What real clients need of an error answer beyond its status: Android finds
 * the type under the exact name x-amzn-ErrorType, else in the body's __type;
 * iOS decides that a response is an error from the header alone. Pact matches
 * header names case-insensitively, so a header Android cannot see is withheld
 * from Pact here, and Pact's own header matcher fails the interaction.
 */
export function checkErrorAnswer(a: Answer, notes: string[]): Answer {
  if (a.status < 400) return a;
  const spelled: string[] = [];
  for (let i = 0; i < a.rawHeaders.length; i += 2) {
    if (a.rawHeaders[i]!.toLowerCase() === ERROR_TYPE_HEADER.toLowerCase()) spelled.push(a.rawHeaders[i]!);
  }
  if (spelled.includes(ERROR_TYPE_HEADER)) return a;
  const bodyType = typeOf(a.body);
  if (spelled.length === 0) {
    notes.push(`the error answer has no ${ERROR_TYPE_HEADER} header; iOS decides a response is an error only from it (aws-sdk-ios AWSCognitoSyncService)`);
    return a;
  }
  if (bodyType !== undefined) {
    notes.push(`the target spelled the header '${spelled[0]}' but the body carries __type, which Android falls back to`);
    return a;
  }
  notes.push(`target spelled the header '${spelled[0]}'; Android reads exactly ${ERROR_TYPE_HEADER} (aws-sdk-android JsonErrorResponseHandler) and the body has no __type`);
  const kept: string[] = [];
  for (let i = 0; i < a.rawHeaders.length; i += 2) {
    if (!spelled.includes(a.rawHeaders[i]!)) kept.push(a.rawHeaders[i]!, a.rawHeaders[i + 1]!);
  }
  return { ...a, rawHeaders: kept };
}

function typeOf(body: Buffer): string | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v && typeof v === 'object' && typeof (v as { __type?: unknown }).__type === 'string' ? (v as { __type: string }).__type : undefined;
  } catch {
    return undefined;
  }
}

function forwardable(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answerItself(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', [RELAY_HEADER]: 'true', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
