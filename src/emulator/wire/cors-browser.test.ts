// The emulator from a browser page on another origin: the AWS SDK for JavaScript v3,
// bundled for the browser by esbuild at test time, runs in headless Chromium and gets
// Cognito Identity credentials, then lists and updates records. The same page against
// an emulator that does not allow its origin must be refused by the browser.

import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../browser/bundle.ts';
import { chromiumMissing, launchChromium } from '../../browser/chromium.ts';
import { pageWithScript, servePages, type PageServer } from '../../browser/page-server.ts';
import { developerCredentials } from '../auth/developer.ts';
import { startEmulator, type RunningEmulator } from '../server.ts';

// Runs in the page. Everything the SDK does there is subject to the browser's CORS checks.
const ENTRY = `
import { CognitoIdentityClient, GetIdCommand, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoSyncClient, ListRecordsCommand, UpdateRecordsCommand } from '@aws-sdk/client-cognito-sync';
window.syncOnce = async ({ endpoint, region, poolId, dataset }) => {
  try {
    const identity = new CognitoIdentityClient({ endpoint, region, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId }));
    const { Credentials: c } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    const sync = new CognitoSyncClient({ endpoint, region, maxAttempts: 1,
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken } });
    const ids = { IdentityPoolId: poolId, IdentityId, DatasetName: dataset };
    const first = await sync.send(new ListRecordsCommand({ ...ids, LastSyncCount: 0 }));
    const updated = await sync.send(new UpdateRecordsCommand({ ...ids, SyncSessionToken: first.SyncSessionToken,
      RecordPatches: [{ Op: 'replace', Key: 'colour', Value: 'teal', SyncCount: 0 }] }));
    let conflict = null;
    try {
      await sync.send(new UpdateRecordsCommand({ ...ids, SyncSessionToken: first.SyncSessionToken,
        RecordPatches: [{ Op: 'replace', Key: 'colour', Value: 'red', SyncCount: 0 }] }));
    } catch (e) { conflict = { name: e.name, status: e.$metadata && e.$metadata.httpStatusCode }; }
    const again = await sync.send(new ListRecordsCommand({ ...ids, LastSyncCount: 0 }));
    return { ok: true, identityId: IdentityId, requestId: updated.$metadata.requestId,
      updated: updated.Records.map((r) => [r.Key, r.Value, r.SyncCount]),
      listed: again.Records.map((r) => [r.Key, r.Value, r.SyncCount]), datasetSyncCount: again.DatasetSyncCount, conflict };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e) };
  }
};
`;

let browser: Browser;
let bundle: string;
let pages: PageServer;
const emulators: RunningEmulator[] = [];

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  [bundle, browser] = await Promise.all([bundleForBrowser(ENTRY), launchChromium()]);
  pages = await servePages({ '/': pageWithScript('/app.js'), '/app.js': bundle });
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  for (const e of emulators) await e.close();
});

async function emulatorWithPool(corsOrigins?: string[]): Promise<{ url: string; poolId: string }> {
  const emu = await startEmulator({ corsOrigins });
  emulators.push(emu);
  const identity = new CognitoIdentityClient({ endpoint: emu.url, region: 'us-east-1', credentials: developerCredentials() });
  const pool = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'browser', AllowUnauthenticatedIdentities: true }));
  identity.destroy();
  return { url: emu.url, poolId: pool.IdentityPoolId! };
}

async function runInPage(target: { url: string; poolId: string }): Promise<Record<string, unknown>> {
  const page = await browser.newPage();
  try {
    await page.goto(`${pages.origin}/`, { timeout: 15_000 });
    return await page.evaluate((a) => (window as unknown as { syncOnce(a: unknown): Promise<Record<string, unknown>> }).syncOnce(a),
      { endpoint: target.url, region: 'us-east-1', poolId: target.poolId, dataset: 'browser-ds' });
  } finally {
    await page.close();
  }
}

describe('the AWS SDK for JavaScript in Chromium, from another origin', () => {
  it('gets identity credentials, lists, updates and sees its write; a stale write gets the typed 409', async () => {
    const target = await emulatorWithPool();
    expect(new URL(target.url).origin).not.toBe(pages.origin);
    const r = await runInPage(target);
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.identityId).toMatch(/^us-east-1:/);
    expect(r.requestId).toMatch(/\S/); // read from x-amzn-RequestId: only visible if exposed
    expect(r.updated).toEqual([['colour', 'teal', 1]]);
    expect(r.listed).toEqual([['colour', 'teal', 1]]);
    expect(r.datasetSyncCount).toBe(1);
    // The error type travels in x-amzn-ErrorType: without Expose-Headers the SDK could not name the exception.
    expect(r.conflict).toEqual({ name: 'ResourceConflictException', status: 409 });
  }, 90_000);

  it('is refused by the browser when the emulator does not allow the page origin', async () => {
    const target = await emulatorWithPool(['https://app.example']);
    const r = await runInPage(target);
    expect(r.ok).toBe(false);
    expect(String(r.error)).toMatch(/fetch/i);
  }, 90_000);
});
