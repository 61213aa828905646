// The SDK transport against a correct backend that closes idle connections
// itself, and the one line the harness prints when a backend drops one.
import { CognitoIdentityClient, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../harness-error.ts';
import { explain } from './failures.ts';
import { resolveTarget, sdkTransport } from './index.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

type Raw = { url: string; closedByClient: Promise<number> };

/**
 * An HTTP/1.1 server on a raw socket that answers every request with `{}` after `delayMs` and never closes a
 * connection itself. closedByClient resolves with the ms from the first answer to the client's FIN.
 */
async function rawServer(opts: { delayMs?: number; keepAliveHint?: string; reset?: boolean } = {}): Promise<Raw> {
  let answeredAt = 0;
  let closed!: (ms: number) => void;
  const closedByClient = new Promise<number>((r) => (closed = r));
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('end', () => closed(Date.now() - answeredAt));
    socket.on('error', () => {});
    socket.on('data', () => {
      if (opts.reset) return void socket.resetAndDestroy();
      setTimeout(() => {
        const head = ['HTTP/1.1 200 OK', 'Content-Type: application/x-amz-json-1.1', 'Content-Length: 2', 'Connection: keep-alive'];
        if (opts.keepAliveHint) head.push(`Keep-Alive: ${opts.keepAliveHint}`);
        socket.write(`${head.join('\r\n')}\r\n\r\n{}`);
        answeredAt = Date.now();
      }, opts.delayMs ?? 0);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, closedByClient };
}

const within = <T,>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

function client(url: string, timeoutMs: number, idleSocketMs?: number): CognitoIdentityClient {
  return new CognitoIdentityClient({
    endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTRANSPORT', secretAccessKey: 'transport-test' },
    ...sdkTransport(timeoutMs, idleSocketMs === undefined ? {} : { idleSocketMs }),
  });
}

/** One request, then how long the client kept the idle socket before closing it (or 'still open' after waitMs). */
async function idleFor(raw: Raw, c: CognitoIdentityClient, waitMs: number): Promise<number | 'still open'> {
  try {
    await c.send(new ListIdentityPoolsCommand({ MaxResults: 1 }));
    return await within(raw.closedByClient, waitMs);
  } finally {
    c.destroy();
  }
}

describe('SDK transport', () => {
  it('closes an idle keep-alive socket itself, before a server that announces nothing would', async () => {
    const raw = await rawServer();
    const ms = await idleFor(raw, client(raw.url, 2_000, 200), 1_500);
    expect(ms).not.toBe('still open');
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('honours a shorter Keep-Alive timeout the server announces, less a second', async () => {
    const raw = await rawServer({ keepAliveHint: 'timeout=2' });
    const ms = await idleFor(raw, client(raw.url, 5_000), 2_500);
    expect(ms).not.toBe('still open');
    expect(ms).toBeLessThan(1_900);
  });

  it('still waits for an answer slower than the idle timeout, up to the request deadline', async () => {
    const raw = await rawServer({ delayMs: 600 });
    const c = client(raw.url, 3_000, 200);
    await expect(c.send(new ListIdentityPoolsCommand({ MaxResults: 1 }))).resolves.toBeDefined();
    c.destroy();
  });
});

describe('a target that drops the connection', () => {
  it('is reported in one line as a dropped connection, not as a target that did not answer', async () => {
    const raw = await rawServer({ reset: true });
    const err = await resolveTarget({ target: raw.url, requestTimeoutMs: 5_000, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    const e = err as HarnessError;
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/closed the connection without answering \(ECONNRESET\)/);
    expect(e.message).not.toMatch(/did not answer within/);
    expect(e.message).not.toContain('\n');
  });

  it('names a broken pipe too, whatever name the SDK gives the error', () => {
    const where = { kind: 'url', name: 'http://127.0.0.1:9', identityEndpoint: 'http://127.0.0.1:9' };
    const e = explain(where, Object.assign(new Error('write EPIPE'), { name: 'TimeoutError', code: 'EPIPE' }));
    expect(e.message).toMatch(/closed the connection without answering \(EPIPE\)/);
    expect((e as HarnessError).exitCode).toBe(3);
  });
});
