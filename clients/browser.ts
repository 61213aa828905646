// The same library in headless Chromium. A page served from its own loopback
// port (another origin than the target) loads amazon-cognito-js with the v2 SDK,
// bundled for the browser by esbuild when the suite runs. Each device is its own
// browser context, so each has its own localStorage, as two phones would.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bundleForBrowser } from '../src/browser/bundle.ts';
import { chromiumMissing, launchChromium } from '../src/browser/chromium.ts';
import { pageWithScript, servePages, type PageServer } from '../src/browser/page-server.ts';
import { AssertionFailure } from '../src/results/verdicts.ts';
import type { Target } from '../src/target/index.ts';
import { BROWSER_CASES } from './cases.ts';
import type { ClientsLine } from './run.ts';
import { show } from './scenarios.ts';

export const browserCases = Object.values(BROWSER_CASES).map((name) => ({ name }));

// Runs in the page: the app's side, written as a web app would use the library.
const ENTRY = `
var AWS = require('aws-sdk');
require('amazon-cognito-js');
var manager, transcript = [], datasets = {};
function open(name) {
  return new Promise(function (resolve, reject) {
    if (datasets[name]) return resolve(datasets[name]);
    manager.openOrCreateDataset(name, function (err, d) { if (err) return reject(err); datasets[name] = d; resolve(d); });
  });
}
function call(name, fn) {
  return open(name).then(function (d) { return new Promise(function (resolve, reject) {
    fn(d, function (err, v) { if (err) reject(err); else resolve(v); });
  }); });
}
window.csh = {
  init: function (o) {
    var retry = { maxRetries: 8, retryDelayOptions: { base: 50 }, httpOptions: { timeout: o.timeoutMs } };
    var creds = new AWS.CognitoIdentityCredentials({ IdentityPoolId: o.poolId, IdentityId: o.identityId },
      Object.assign({ endpoint: o.identityEndpoint, region: o.region }, retry));
    return creds.getPromise().then(function () {
      AWS.config.credentials = creds;
      AWS.config.region = o.region;
      AWS.config.cognitosync = Object.assign({ endpoint: o.syncEndpoint }, retry);
      manager = new AWS.CognitoSyncManager();
      return creds.identityId;
    });
  },
  put: function (ds, k, v) { transcript.push('put ' + k + '=' + v); return call(ds, function (d, cb) { d.put(k, v, cb); }); },
  getAll: function (ds) { return call(ds, function (d, cb) { d.getAll(cb); }); },
  record: function (ds, k) {
    // The library answers a missing key with an error ("Key doesn't exist."): that is no record, not a crash.
    return call(ds, function (d, cb) { d.local.getRecord(d.getIdentityId(), ds, k, cb); })
      .then(function (r) { return r ? { value: r.getValue(), syncCount: Number(r.getSyncCount()) } : null; }, function () { return null; });
  },
  transcript: function () { return transcript.slice(); },
  sync: function (ds, conflict) {
    transcript.push('synchronize');
    return open(ds).then(function (d) { return new Promise(function (resolve) {
      var result = { ok: false, conflicts: [] }, done = false;
      function finish(ok, error) {
        if (done) { transcript.push((ok ? 'onSuccess' : 'onFailure') + ' again after the end'); return; }
        done = true; result.ok = ok; if (error) result.error = error; resolve(result);
      }
      d.synchronize({
        onSuccess: function () { transcript.push('onSuccess'); finish(true); },
        onFailure: function (e) { var m = String(e && e.message || e); transcript.push('onFailure(' + m + ')'); finish(false, m); },
        onConflict: function (dataset, conflicts, cb) {
          conflicts.forEach(function (c) { result.conflicts.push({ key: c.getKey(), local: c.getLocalRecord().getValue(), remote: c.getRemoteRecord().getValue() }); });
          transcript.push('onConflict(' + conflicts.map(function (c) { return c.getKey(); }).join(', ') + ')');
          if (!conflict) return cb(false);
          var resolved = conflicts.map(function (c) { return conflict === 'local' ? c.resolveWithLocalRecord() : c.resolveWithRemoteRecord(); });
          dataset.resolve(resolved, function () { cb(true); });
        },
        onDatasetDeleted: function (dataset, name, cb) { transcript.push('onDatasetDeleted(' + name + ')'); cb(false); },
        onDatasetsMerged: function (dataset, names, cb) { transcript.push('onDatasetsMerged(' + names.join(', ') + ')'); cb(false); }
      });
    }); });
  }
};
`;

type PageDevice = { name: string; page: Page; context: BrowserContext };
type SyncOut = { ok: boolean; error?: string; conflicts: Array<{ key: string; local: string | null; remote: string | null }> };

export async function runInBrowser(target: Target, names: string[], env: NodeJS.ProcessEnv = process.env): Promise<ClientsLine[]> {
  const base = (name: string) => ({ suite: 'clients' as const, case: name, operation: null, target: target.name, seed: null });
  const missing = chromiumMissing(env);
  if (missing) {
    // CI installs chromium: there a missing browser is a broken setup, never a skip.
    if (env.CI === 'true') return names.map((n) => ({ ...base(n), status: 'fail', duration_ms: 0, reason: `${missing}; CI must provide it`, details: { runtime: 'chromium', failure: 'setup' } }));
    return names.map((n) => ({ ...base(n), status: 'not-applicable', duration_ms: 0, reason: `the browser half needs headless Chromium: ${missing}`, details: { runtime: 'chromium' } }));
  }
  let browser: Browser | undefined;
  let pages: PageServer | undefined;
  const lines: ClientsLine[] = [];
  try {
    const bundle = await bundleForBrowser(ENTRY);
    pages = await servePages({ '/': pageWithScript('/app.js'), '/app.js': bundle });
    browser = await launchChromium();
    for (const name of names) {
      const started = Date.now();
      const devices: PageDevice[] = [];
      const ds = target.datasetName(`clb-${lines.length + 1}`);
      try {
        const identity = await target.newIdentity();
        const device = async (label: string): Promise<PageDevice> => {
          const context = await browser!.newContext();
          const page = await context.newPage();
          const d = { name: label, page, context };
          devices.push(d);
          await page.goto(`${pages!.origin}/`, { timeout: 15_000 });
          await inPage(d, 'init', [{ poolId: identity.identityPoolId, identityId: identity.identityId, identityEndpoint: target.identityEndpoint, syncEndpoint: target.syncEndpoint, region: target.region, timeoutMs: target.requestTimeoutMs }]);
          return d;
        };
        const a = await device('A');
        const b = await device('B');
        const check = (ok: boolean, message: string) => {
          if (!ok) throw new AssertionFailure(message);
        };
        const sync = async (d: PageDevice, what: string, conflict?: 'local') => {
          const r = await inPage<SyncOut>(d, 'sync', [ds, conflict ?? null]);
          check(r.ok, `${d.name} (Chromium): ${what}: synchronize ended in onFailure (${r.error}); a correct backend lets it succeed`);
          return r;
        };
        const server = await serverValues(target, identity.identityPoolId, identity.identityId, ds);
        if (name === BROWSER_CASES.twoDevices) {
          await inPage(a, 'put', [ds, 'colour', 'teal']);
          await sync(a, 'first sync after a put');
          await sync(b, 'sync of the second device');
          const seen = await inPage<{ value: string; syncCount: number } | null>(b, 'record', [ds, 'colour']);
          const onServer = (await server()).get('colour');
          if (seen?.value !== 'teal') throw new AssertionFailure(`B sees colour=${seen?.value} after syncing; A had synced teal`);
          if (onServer?.value !== 'teal' || onServer.syncCount < 1) throw new AssertionFailure(`the server holds colour=${onServer?.value} at SyncCount ${onServer?.syncCount}; every write raises it`);
          check(seen.syncCount === onServer.syncCount, `B holds colour at SyncCount ${seen.syncCount}, the server at ${onServer.syncCount}`);
        } else {
          await inPage(a, 'put', [ds, 'base', 'x']);
          await sync(a, 'seeding');
          await sync(b, 'B learning the dataset');
          await inPage(a, 'put', [ds, 'item', 'from-a']);
          await inPage(b, 'put', [ds, 'item', 'from-b']);
          await sync(a, 'A pushing its offline edit');
          const r = await sync(b, 'B syncing its conflicting edit', 'local');
          check(r.conflicts.some((c) => c.key === 'item' && c.local === 'from-b' && c.remote === 'from-a'), `B's onConflict must fire for item (local from-b, remote from-a); it saw ${JSON.stringify(r.conflicts)}`);
          await sync(a, 'A after the resolution');
          await sync(b, 'B after the resolution');
          const values = Object.fromEntries([...(await server())].filter(([, v]) => v.value !== undefined).map(([k, v]) => [k, v.value!]));
          check(values.item === 'from-b' && values.base === 'x', `the server holds ${show(values)}; expected base=x, item=from-b`);
          for (const d of [a, b]) {
            const local = await inPage<Record<string, string>>(d, 'getAll', [ds]);
            check(show(local) === show(values), `${d.name} (Chromium) holds ${show(local)}, the server ${show(values)}: they must converge`);
          }
        }
        lines.push({ ...base(name), status: 'pass', duration_ms: Date.now() - started, reason: null, details: { library: 'amazon-cognito-js', runtime: 'chromium' } });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const transcript = (await Promise.all(devices.map(async (d) => `${d.name}: ${(await inPage<string[]>(d, 'transcript', []).catch(() => [])).join(' · ')}`))).join('\n');
        const finals = (await Promise.all(devices.map(async (d) => `${d.name}: ${show(await inPage<Record<string, string>>(d, 'getAll', [ds]).catch(() => ({})))}`))).join('\n');
        const kind = e instanceof AssertionFailure ? 'assertion' : e instanceof PageTimeout ? 'interrupt' : 'crash';
        lines.push({ ...base(name), status: 'fail', duration_ms: Date.now() - started, reason: `${message}\ncallbacks:\n${transcript}\nfinal values:\n${finals}`, details: { runtime: 'chromium', failure: kind } });
      } finally {
        for (const d of devices) await d.context.close().catch(() => {});
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    for (const n of names.slice(lines.length)) lines.push({ ...base(n), status: 'fail', duration_ms: 0, reason: `the browser could not be started: ${message}`, details: { runtime: 'chromium', failure: 'setup' } });
  } finally {
    await browser?.close().catch(() => {});
    await pages?.close();
  }
  return lines;
}

class PageTimeout extends Error {}

/** Calls window.csh[fn](...args) in the page, with a deadline: a page that never answers ends the case. */
async function inPage<T = unknown>(d: PageDevice, fn: string, args: unknown[], timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      d.page.evaluate(({ fn, args }) => (window as unknown as { csh: Record<string, (...a: unknown[]) => unknown> }).csh[fn]!(...args), { fn, args }) as Promise<T>,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new PageTimeout(`${d.name} (Chromium): ${fn} did not finish within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The server's records through the harness client, as the developer. */
function serverValues(target: Target, poolId: string, identityId: string, ds: string) {
  return async () => {
    const client = target.client('developer');
    const out = new Map<string, { value: string | undefined; syncCount: number }>();
    let NextToken: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const r = await client.call<{ Records?: Array<{ Key: string; Value?: string | null; SyncCount: number }>; NextToken?: string }>('ListRecords', {
        IdentityPoolId: poolId, IdentityId: identityId, DatasetName: ds, ...(NextToken ? { NextToken } : {}),
      });
      if (!r.ok) throw new AssertionFailure(`ListRecords failed: ${r.status} ${r.errorType}`);
      for (const rec of r.output.Records ?? []) out.set(rec.Key, { value: rec.Value ?? undefined, syncCount: rec.SyncCount });
      NextToken = r.output.NextToken;
      if (!NextToken) break;
    }
    return out;
  };
}
