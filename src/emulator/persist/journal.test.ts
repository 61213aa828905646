// The journal on its own: the line format tells torn from damaged, group
// commit acknowledges every queued line once it is on disk, and a disk that
// refuses a write makes every later acknowledgement fail (the emulator then
// answers 500, never 200).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../emulator.ts';
import { decodeLine, encodeLine } from './line-format.ts';
import type { Mutation } from './mutations.ts';
import { DurableJournal, openStateDir } from './state-dir.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'csh-journal-'));
  dirs.push(d);
  return d;
}

const touch = (n: number): Mutation => ({ t: 'sync.touch', pool: 'us-east-1:p', id: `us-east-1:${n}`, at: n });

describe('line format', () => {
  it('reads back what it wrote, including non-ASCII text', () => {
    const line = Buffer.from(encodeLine({ t: 'x', v: 'é✓ "quoted"\nnewline' }));
    expect(decodeLine(line, 0)).toEqual({ kind: 'ok', value: { t: 'x', v: 'é✓ "quoted"\nnewline' }, end: line.length });
  });

  it('a file that ends inside a line is torn; a complete line with a wrong byte is damaged', () => {
    const line = Buffer.from(encodeLine({ t: 'x', n: 12345 }));
    for (let cut = 1; cut < line.length; cut++) expect(decodeLine(line.subarray(0, cut), 0), `cut at ${cut}`).toEqual({ kind: 'torn' });
    for (let at = 0; at < line.length - 1; at++) {
      const bad = Buffer.from(line);
      bad[at] = bad[at] === 0x30 ? 0x31 : 0x30;
      expect(decodeLine(bad, 0).kind, `byte ${at} changed`).toBe('bad');
    }
  });
});

describe('durable journal', () => {
  it('group commit: concurrent waiters all resolve, and every recorded line is in the file in order', async () => {
    const dir = tempDir();
    const journal = openStateDir(dir).start(() => []);
    const waits: Promise<void>[] = [];
    for (let n = 0; n < 200; n++) {
      journal.record(touch(n));
      if (n % 3 === 0) waits.push(journal.durable());
      if (n % 50 === 0) await Promise.resolve();
    }
    waits.push(journal.durable());
    await Promise.all(waits);
    const lines = readFileSync(join(dir, 'state.journal'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(201); // header + 200
    expect(lines.slice(1).map((l) => (JSON.parse(l.split(' ').slice(2).join(' ')) as { at: number }).at)).toEqual([...Array(200).keys()]);
    await journal.close();
  });

  it('once the disk refuses a write, no later change is acknowledged', async () => {
    const dir = tempDir();
    const journal = openStateDir(dir).start(() => []);
    journal.record(touch(1));
    await journal.durable();
    // Pull the file out from under it: the next append fails as a broken disk would.
    await (journal as unknown as { handle: { close(): Promise<void> } }).handle.close();
    journal.record(touch(2));
    await expect(journal.durable()).rejects.toThrow();
    await expect(journal.durable()).rejects.toThrow();
    journal.record(touch(3));
    await expect(journal.durable()).rejects.toThrow();
  });

  it('the emulator answers 500 InternalErrorException, not 200, when its change could not be made durable', async () => {
    const errors: unknown[] = [];
    const emulator = createEmulator({ stateDir: tempDir(), auth: 'off', onInternalError: (e) => errors.push(e) });
    const identity = (op: string, input: object) => emulator.handle({
      method: 'POST', path: '/', query: '', body: Buffer.from(JSON.stringify(input)),
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` },
    });
    const pool = JSON.parse((await identity('CreateIdentityPool', { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true })).body).IdentityPoolId as string;
    const id = JSON.parse((await identity('GetId', { IdentityPoolId: pool })).body).IdentityId as string;
    const auth = { authorization: 'AWS4-HMAC-SHA256 Credential=K/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00' };
    const path = `/identitypools/${encodeURIComponent(pool)}/identities/${encodeURIComponent(id)}/datasets/d`;
    const listed = await emulator.handle({ method: 'GET', path: `${path}/records`, query: '', headers: auth, body: new Uint8Array() });
    expect(listed.status).toBe(200);
    const body = JSON.stringify({ SyncSessionToken: JSON.parse(listed.body).SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] });
    // The disk refuses from here on.
    const refused = vi.spyOn(DurableJournal.prototype, 'durable').mockRejectedValue(new Error('EIO: i/o error'));
    try {
      const r = await emulator.handle({ method: 'POST', path, query: '', headers: { ...auth, 'content-type': 'application/json' }, body: Buffer.from(body) });
      expect(r.status).toBe(500);
      expect(r.headers['x-amzn-ErrorType']).toBe('InternalErrorException');
      expect(errors).toEqual([expect.objectContaining({ message: 'EIO: i/o error' })]);
    } finally {
      refused.mockRestore();
    }
    await emulator.close();
  });
});
