// The relay's duties, against a scripted fake target: byte-for-byte
// forwarding, 429 retries, the raw error-header check and the deadline.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Exchange, type Relay } from './relay.ts';

type Seen = { method: string; url: string; rawHeaders: string[]; body: string };
type Script = (req: Seen, res: ServerResponse, n: number) => void;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function fakeTarget(script: Script): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      script(s, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function relayTo(url: string, extra: { deadlineMs?: number; maxAttempts?: number } = {}): Promise<{ relay: Relay; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const relay = await startRelay({ target: url, sleep: async () => {}, onExchange: (e) => exchanges.push(e), ...extra });
  closers.push(() => relay.close());
  return { relay, exchanges };
}

type Reply = { status: number; rawHeaders: string[]; body: string; ms: number };

function call(url: string, init: { method?: string; path?: string; headers?: string[]; body?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, method: init.method ?? 'GET', path: init.path ?? '/', headers: init.headers?.some((h) => h.toLowerCase() === 'host') ? init.headers : ['Host', u.host, ...(init.headers ?? [])] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString(), ms: Date.now() - started }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const names = (raw: string[]) => raw.filter((_, i) => i % 2 === 0);
const errorAnswer = (headerName: string, body: object) => (_: Seen, res: ServerResponse) => {
  res.writeHead(409, [headerName, 'ResourceConflictException', 'Content-Type', 'application/json']);
  res.end(JSON.stringify(body));
};

describe('relay', () => {
  it('forwards the request as signed (raw path, header spelling, body) and the answer back', async () => {
    const t = await fakeTarget((_, res) => {
      res.writeHead(200, ['Content-Type', 'application/json', 'x-amzn-RequestId', 'r-1']);
      res.end('{"Records":[]}');
    });
    const { relay, exchanges } = await relayTo(t.url);
    const body = '{"SyncSessionToken":"t"}';
    const r = await call(relay.url, { method: 'POST', path: '/identitypools/us-east-1%3Aabc/x?y=a%2Bb', headers: ['Host', 'cognito-sync.example:443', 'X-Amz-Date', '20260101T000000Z', 'Authorization', 'AWS4-HMAC-SHA256 x', 'Content-Length', String(body.length)], body });
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]).toMatchObject({ method: 'POST', url: '/identitypools/us-east-1%3Aabc/x?y=a%2Bb', body });
    expect(names(t.seen[0]!.rawHeaders)).toEqual(expect.arrayContaining(['Host', 'X-Amz-Date', 'Authorization']));
    expect(t.seen[0]!.rawHeaders[t.seen[0]!.rawHeaders.indexOf('Host') + 1]).toBe('cognito-sync.example:443');
    expect(r).toMatchObject({ status: 200, body: '{"Records":[]}' });
    expect(names(r.rawHeaders)).toContain('x-amzn-RequestId');
    expect(exchanges).toEqual([{ method: 'POST', path: '/identitypools/us-east-1%3Aabc/x?y=a%2Bb', status: 200, throttled: 0, notes: [] }]);
  });

  it('keeps the target URL path prefix', async () => {
    const t = await fakeTarget((_, res) => res.end('{}'));
    const { relay } = await relayTo(`${t.url}/sync/`);
    await call(relay.url, { path: '/identitypools' });
    expect(t.seen[0]!.url).toBe('/sync/identitypools');
  });

  it('retries 429 answers with the same bytes and counts them', async () => {
    const t = await fakeTarget((_, res, n) => {
      res.writeHead(n <= 2 ? 429 : 200, ['x-amzn-ErrorType', n <= 2 ? 'TooManyRequestsException' : '']);
      res.end(n <= 2 ? '{"message":"Rate exceeded"}' : '{}');
    });
    const { relay, exchanges } = await relayTo(t.url);
    const r = await call(relay.url, { method: 'POST', path: '/p', headers: ['Content-Length', '2'], body: '{}' });
    expect(r.status).toBe(200);
    expect(t.seen.map((s) => s.body)).toEqual(['{}', '{}', '{}']);
    expect(exchanges[0]).toMatchObject({ status: 200, throttled: 2 });
    expect(exchanges[0]!.trouble).toBeUndefined();
  });

  it('gives up on a target that keeps throttling, and says so', async () => {
    const t = await fakeTarget((_, res) => {
      res.writeHead(429, ['x-amzn-ErrorType', 'TooManyRequestsException']);
      res.end('{"message":"Rate exceeded"}');
    });
    const { relay, exchanges } = await relayTo(t.url, { maxAttempts: 3 });
    const r = await call(relay.url);
    expect(r.status).toBe(429);
    expect(t.seen).toHaveLength(3);
    expect(exchanges[0]).toMatchObject({ status: 429, throttled: 2, trouble: 'throttled-out' });
  });

  it('withholds an error-type header Android cannot find, and records its spelling', async () => {
    const t = await fakeTarget(errorAnswer('x-amzn-errortype', { message: 'Current SyncCount for: a is: 2 not: 0' }));
    const { relay, exchanges } = await relayTo(t.url);
    const r = await call(relay.url);
    expect(r.status).toBe(409);
    expect(names(r.rawHeaders).map((n) => n.toLowerCase())).not.toContain('x-amzn-errortype');
    expect(exchanges[0]!.notes).toEqual(["target spelled the header 'x-amzn-errortype'; Android reads exactly x-amzn-ErrorType (aws-sdk-android JsonErrorResponseHandler) and the body has no __type"]);
  });

  it('passes a differently spelled header on when the body carries __type (Android falls back to it)', async () => {
    const t = await fakeTarget(errorAnswer('X-Amzn-Errortype', { __type: 'ResourceConflictException', message: 'm' }));
    const { relay, exchanges } = await relayTo(t.url);
    const r = await call(relay.url);
    expect(names(r.rawHeaders)).toContain('X-Amzn-Errortype');
    expect(exchanges[0]!.notes[0]).toMatch(/body carries __type/);
  });

  it('passes the exact spelling on without remark', async () => {
    const t = await fakeTarget(errorAnswer('x-amzn-ErrorType', { message: 'm' }));
    const { relay, exchanges } = await relayTo(t.url);
    const r = await call(relay.url);
    expect(r.rawHeaders[r.rawHeaders.indexOf('x-amzn-ErrorType') + 1]).toBe('ResourceConflictException');
    expect(exchanges[0]!.notes).toEqual([]);
  });

  it('answers a target that never answers with a failure at the deadline, not a hang', async () => {
    const t = await fakeTarget(() => { /* never answers */ });
    const { relay, exchanges } = await relayTo(t.url, { deadlineMs: 300 });
    const r = await call(relay.url);
    expect(r.status).toBe(504);
    expect(r.ms).toBeLessThan(5_000);
    expect(names(r.rawHeaders)).toContain('x-harness-relay');
    expect(exchanges[0]).toMatchObject({ status: 504, trouble: 'deadline' });
  });

  it('answers 502 when the target cannot be reached', async () => {
    const t = await fakeTarget((_, res) => res.end());
    const url = t.url;
    await closers.shift()!();
    const { relay, exchanges } = await relayTo(url);
    const r = await call(relay.url);
    expect(r.status).toBe(502);
    expect(exchanges[0]).toMatchObject({ status: 502, trouble: 'unreachable' });
  });
});
