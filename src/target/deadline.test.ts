// Every client of a target aborts a request at the target's deadline: the harness
// client, the SDK clients and the first contact with the target, which names the fix.
import { ListDatasetsCommand } from '@aws-sdk/client-cognito-sync';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../harness-error.ts';
import { startEmulator } from '../emulator/index.ts';
import { resolveTarget, withDeadline, type Target } from './index.ts';

let silent: Server;
let silentUrl: string;
const sockets: Socket[] = [];
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let target: Target;

beforeAll(async () => {
  silent = createServer((s) => { sockets.push(s); s.on('data', () => {}); });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  // Identity answers (the emulator), Cognito Sync never does.
  emulator = await startEmulator({});
  target = await resolveTarget({ target: silentUrl, requestTimeoutMs: 500, env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY: emulator.url } });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  await emulator.close();
});

async function timed(p: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await p;
    return { ms: Date.now() - started, error: undefined };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe('request deadline', () => {
  it('is exposed on the target (default 10 s)', async () => {
    expect(target.requestTimeoutMs).toBe(500);
    const fresh = await resolveTarget({ target: 'emulator' });
    expect(fresh.requestTimeoutMs).toBe(10_000);
    await fresh.close();
  });

  it('aborts a harness-client call to a silent target at the deadline', async () => {
    const identity = await target.newIdentity();
    const r = await timed(target.client('developer').call('ListDatasets', { IdentityPoolId: target.identityPoolId, IdentityId: identity.identityId }));
    expect(r.error).toBeInstanceOf(Error);
    expect((r.error as Error).name).toBe('TimeoutError');
    expect(r.ms).toBeGreaterThanOrEqual(400);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('aborts an SDK call to a silent target at the deadline', async () => {
    const identity = await target.newIdentity();
    const r = await timed(target.sdk('developer').send(new ListDatasetsCommand({ IdentityPoolId: target.identityPoolId, IdentityId: identity.identityId })));
    expect(r.error).toBeInstanceOf(Error);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('fails the first contact with a silent target in one line naming it, the deadline and the fix, exit code 3', async () => {
    const r = await timed(resolveTarget({ target: silentUrl, requestTimeoutMs: 500, env: {} }));
    expect(r.ms).toBeLessThan(3_000);
    expect(r.error).toBeInstanceOf(HarnessError);
    const e = r.error as HarnessError;
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(silentUrl);
    expect(e.message).toMatch(/did not answer within 0\.5 s.*--request-timeout/);
    expect(e.message).not.toContain('\n');
  });

  it('withDeadline hands every send an abort signal, and keeps a caller\'s own', async () => {
    const seen: unknown[] = [];
    const fake = withDeadline({ send: async (_c: unknown, o?: unknown) => { seen.push(o); } }, 250);
    await fake.send({});
    const mine = new AbortController().signal;
    await fake.send({}, { abortSignal: mine });
    const first = (seen[0] as { abortSignal: AbortSignal }).abortSignal;
    expect(first).toBeInstanceOf(AbortSignal);
    expect(first.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    expect(first.aborted).toBe(true);
    expect((seen[1] as { abortSignal: AbortSignal }).abortSignal).toBe(mine);
  });
});
