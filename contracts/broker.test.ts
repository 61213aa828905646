// Verification from a Pact Broker, and the broker commands, end to end.
//
// The server below STANDS IN FOR A REAL PACT BROKER. No Pact Broker can run on
// the machines this suite runs on: it ships as a Ruby application and a
// container image, and neither is available here. The stand-in is a small
// node:http server on loopback that serves the broker's HAL resources the Pact
// verifier and the Pact CLI use, shaped as the Pact Broker documents them
// ("Provider verification: pacts for verification",
// https://docs.pact.io/pact_broker/advanced_topics/provider_verification_results,
// https://docs.pact.io/pact_broker/advanced_topics/pending_pacts,
// https://docs.pact.io/pact_broker/recording_deployments_and_releases):
//   GET  /                                         index with pb:provider-pacts-for-verification
//   GET  /pacts/provider/{p}/for-verification      the resource, then POST to it with the selectors
//   GET  each pact                                 with pb:publish-verification-results and pb:provider
//   GET  /pacticipants/{p}, PUT …/branches/{b}/versions/{v}   the provider version's branch
//   POST …/verification-results                    the results
//   GET  /pacticipants/{p}/versions/{v}, POST …/deployed-versions|released-versions/…   the Pact CLI's records
// It records every request, so the tests assert what the verifier and the CLI
// actually send: the selectors, the pending and WIP flags, the branch, and the
// published results. What pact-core 16.5 / 19.2 does for the branch was found
// by running it: it GETs the pact's pb:provider, PUTs an empty body to the
// provider's pb:branch-version, then POSTs the results (which carry no branch).

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSelectors, parseWipSince, resolveProvider, type Git } from './broker.ts';
import { COMMITTED_PACT, CONSUMER, PROVIDER } from './names.ts';
import { Ledger } from './ledger.ts';
import { verifyContracts } from './verify.ts';
import { resolveTarget } from '../src/target/index.ts';
import { recordArgs } from '../src/cli/commands/contracts.ts';

const BIN = fileURLToPath(new URL('../bin/cognito-sync-harness.js', import.meta.url));
const MISSING = 'ListRecords of a missing dataset';
const OTHER = 'DescribeDataset of a missing dataset';
/** Breaks exactly MISSING among the pact's interactions (src/selfcheck/coverage.ts). */
const BREAKS_MISSING = 'dataset-always-exists';
const TOKEN = 'pb-token-4f0c2e9d7a1b';

// ---------------------------------------------------------------------------------------------
// The stand-in broker

type Recorded = { method: string; path: string; auth?: string; body: string };
type ServedPact = { id: string; why: string; pending?: boolean; wip?: boolean; descriptions: string[] };

class StandInBroker {
  readonly requests: Recorded[] = [];
  pacts: ServedPact[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
        const [status, answer] = this.answer(req.method ?? '', req.url ?? '', body);
        res.writeHead(status, { 'content-type': 'application/hal+json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  reset(pacts: ServedPact[]): void {
    this.requests.length = 0;
    this.pacts = pacts;
  }

  /** The bodies the verifier POSTed to pacts-for-verification. */
  get forVerification(): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/for-verification')).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  }

  get results(): Array<{ path: string; body: { success: boolean; providerApplicationVersion: string; testResults: Array<{ interactionDescription: string; success: boolean }> } }> {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/verification-results')).map((r) => ({ path: r.path, body: JSON.parse(r.body) as never }));
  }

  get branchVersions(): string[] {
    return this.requests.filter((r) => r.method === 'PUT').map((r) => r.path);
  }

  private answer(method: string, path: string, body: string): [number, unknown] {
    const base = this.url;
    const provider = `/pacticipants/${PROVIDER}`;
    const forVerification = `/pacts/provider/${PROVIDER}/for-verification`;
    const pactPath = (id: string) => `/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/pact-version/${id}`;
    if (method === 'GET' && path === '/') {
      return [200, { _links: {
        'pb:provider-pacts-for-verification': { href: `${base}/pacts/provider/{provider}/for-verification`, templated: true },
        'pb:pacticipant-version': { href: `${base}/pacticipants/{pacticipant}/versions/{version}`, templated: true },
      } }];
    }
    if (method === 'GET' && path === forVerification) return [200, { _links: { self: { href: `${base}${forVerification}` } } }];
    if (method === 'POST' && path === forVerification) {
      const asked = JSON.parse(body) as { includePendingStatus?: boolean; includeWipPactsSince?: string };
      // As the broker does: WIP pacts only when asked for, pending status only when asked for.
      const chosen = this.pacts.filter((p) => !p.wip || asked.includeWipPactsSince);
      return [200, { _embedded: { pacts: chosen.map((p) => ({
        shortDescription: p.why,
        verificationProperties: {
          ...(asked.includePendingStatus ? { pending: p.pending === true } : {}),
          ...(p.wip ? { wip: true } : {}),
          notices: [{ when: 'before_verification', text: `stand-in: pact ${p.id} is verified because it is ${p.why}${asked.includePendingStatus && p.pending ? ' (pending)' : ''}` }],
        },
        _links: { self: { href: `${base}${pactPath(p.id)}`, name: `Pact between ${CONSUMER} and ${PROVIDER} (${p.id})` } },
      })) } }];
    }
    const served = this.pacts.find((p) => path === pactPath(p.id));
    if (method === 'GET' && served) {
      const pact = JSON.parse(readFileSync(COMMITTED_PACT, 'utf8')) as { interactions: Array<{ description: string; _id?: string }> };
      // The broker gives every interaction it serves an _id; the verifier's results refer to interactions by it.
      pact.interactions = pact.interactions.filter((i) => served.descriptions.includes(i.description)).map((i, n) => ({ ...i, _id: `${served.id}-${n}` }));
      return [200, { ...pact, _links: {
        'pb:provider': { href: `${base}${provider}` },
        'pb:publish-verification-results': { href: `${base}${pactPath(served.id)}/verification-results` },
      } }];
    }
    if (method === 'GET' && path === provider) {
      return [200, { name: PROVIDER, _links: { 'pb:branch-version': { href: `${base}${provider}/branches/{branch}/versions/{version}`, templated: true } } }];
    }
    if (method === 'PUT' && path.startsWith(`${provider}/branches/`)) return [201, {}];
    if (method === 'POST' && path.endsWith('/verification-results')) return [201, {}];
    const version = /^\/pacticipants\/([^/]+)\/versions\/([^/]+)$/.exec(path);
    if (method === 'GET' && version) {
      const at = `${base}${path}`;
      return [200, { number: decodeURIComponent(version[2]!), _links: {
        'pb:record-deployment': [{ name: 'production', href: `${at}/deployed-versions/environment/env-prod` }],
        'pb:record-release': [{ name: 'production', href: `${at}/released-versions/environment/env-prod` }],
      } }];
    }
    if (method === 'POST' && /\/(deployed|released)-versions\/environment\/env-prod$/.test(path)) return [201, {}];
    return [404, { error: `the stand-in broker has no ${method} ${path}` }];
  }
}

// ---------------------------------------------------------------------------------------------
// Running the CLI as CI would

/** The environment without anything that would choose a version, a branch or a broker for the CLI. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GITHUB_|GITLAB_|CI_|PACT_|AWS_ENDPOINT_URL)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function cli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(opts.env), cwd: opts.cwd ?? emptyDir() });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A working directory that is no git checkout and has no config file. */
function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'csh-broker-'));
}

function gitRepo(dirty: boolean): { dir: string; sha: string } {
  const dir = emptyDir();
  const g = (...args: string[]) => execFileSync('git', ['-c', 'user.name=harness', '-c', 'user.email=harness@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  g('init', '-q', '-b', 'release-7');
  writeFileSync(join(dir, 'VERSION'), '7\n');
  g('add', 'VERSION');
  g('commit', '-q', '-m', 'first');
  if (dirty) writeFileSync(join(dir, 'VERSION'), '7.1\n');
  return { dir, sha: g('rev-parse', 'HEAD') };
}

const broker = new StandInBroker();
beforeAll(() => broker.start());
afterAll(() => broker.close());

const mainPact = (extra: Partial<ServedPact> = {}): ServedPact => ({ id: 'main', why: 'the latest from the main branch', descriptions: [MISSING, OTHER], ...extra });
const verify = (...args: string[]) => ['contracts', 'verify', '--target', 'emulator', '--broker', broker.url, ...args];

// ---------------------------------------------------------------------------------------------

describe('broker options, checked before anything runs', () => {
  it('accepts consumer version selectors as a JSON array of known keys, and refuses anything else with one sentence', () => {
    expect(parseSelectors('[{"branch":"feat-x"},{"deployed":true,"environment":"production"}]')).toEqual([{ branch: 'feat-x' }, { deployed: true, environment: 'production' }]);
    expect(() => parseSelectors('{"mainBranch":true}')).toThrow(/non-empty JSON array/);
    expect(() => parseSelectors('[]')).toThrow(/non-empty JSON array/);
    expect(() => parseSelectors('[{"mainbranch":true}]')).toThrow(/unknown key "mainbranch"/);
    expect(() => parseSelectors('[{"mainBranch":"yes"}]')).toThrow(/"mainBranch" of selector 1 must be a boolean/);
    expect(() => parseSelectors('[{"branch":""}]')).toThrow(/must be a non-empty string/);
    expect(() => parseSelectors('[mainBranch]')).toThrow(/JSON array of selectors/);
  });

  it('takes a WIP date as a real YYYY-MM-DD day', () => {
    expect(parseWipSince('2026-11-01')).toBe('2026-11-01');
    for (const bad of ['2026-02-30', '2026-1-01', 'yesterday', '2026-11-01T00:00:00Z']) expect(() => parseWipSince(bad), bad).toThrow(/YYYY-MM-DD/);
  });

  const noGit: Git = () => undefined;
  const fakeGit = (answers: Record<string, string>): Git => (args) => answers[args.join(' ')];

  it('names the provider version and branch from flags first, then GitHub Actions, then GitLab, then git', () => {
    const github = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: '' };
    const gitlab = { GITLAB_CI: 'true', CI_COMMIT_SHA: 'b'.repeat(40), CI_COMMIT_REF_NAME: 'develop' };
    const repo = fakeGit({ 'rev-parse HEAD': `${'c'.repeat(40)}\n`, 'status --porcelain --untracked-files=no': '', 'rev-parse --abbrev-ref HEAD': 'topic\n' });
    const at = (r: ReturnType<typeof resolveProvider>) => [r.version?.value, r.version?.from, r.branch?.value, r.branch?.from];
    expect(at(resolveProvider({ providerVersion: '1.2.3', providerBranch: 'rel' }, { ...github, ...gitlab }, repo))).toEqual(['1.2.3', '--provider-version', 'rel', '--provider-branch']);
    expect(at(resolveProvider({}, { ...github, ...gitlab }, repo))).toEqual(['a'.repeat(40), 'GITHUB_SHA', 'main', 'GITHUB_REF_NAME']);
    // A pull request: GITHUB_REF_NAME is "<n>/merge", GITHUB_HEAD_REF the branch.
    expect(at(resolveProvider({}, { ...github, GITHUB_REF_NAME: '12/merge', GITHUB_HEAD_REF: 'feature-a' }, repo))).toEqual(['a'.repeat(40), 'GITHUB_SHA', 'feature-a', 'GITHUB_HEAD_REF']);
    expect(at(resolveProvider({}, gitlab, repo))).toEqual(['b'.repeat(40), 'CI_COMMIT_SHA', 'develop', 'CI_COMMIT_REF_NAME']);
    expect(at(resolveProvider({}, {}, repo))).toEqual(['c'.repeat(40), 'git', 'topic', 'git']);
    // Each on its own: a version flag leaves the branch to CI.
    expect(at(resolveProvider({ providerVersion: '9' }, gitlab, repo))).toEqual(['9', '--provider-version', 'develop', 'CI_COMMIT_REF_NAME']);
    expect(at(resolveProvider({}, {}, noGit))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('marks a dirty checkout +dirty, gives a detached HEAD no branch, and reads PACT_PROVIDER_VERSION only as a deprecated alias', () => {
    const dirty = fakeGit({ 'rev-parse HEAD': 'c0ffee\n', 'status --porcelain --untracked-files=no': ' M src/a.ts\n', 'rev-parse --abbrev-ref HEAD': 'HEAD\n' });
    const r = resolveProvider({}, {}, dirty);
    expect(r.version).toEqual({ value: 'c0ffee+dirty', from: 'git (uncommitted changes)' });
    expect(r.branch).toBeUndefined();
    const old = resolveProvider({}, { PACT_PROVIDER_VERSION: '4.5.6', GITHUB_ACTIONS: 'true', GITHUB_SHA: 'd'.repeat(40) }, dirty);
    expect(old.version).toEqual({ value: '4.5.6', from: 'PACT_PROVIDER_VERSION' });
    expect(old.warnings).toEqual([expect.stringMatching(/PACT_PROVIDER_VERSION is deprecated/)]);
    expect(resolveProvider({ providerVersion: '1' }, { PACT_PROVIDER_VERSION: '4.5.6' }, dirty).warnings).toEqual([]);
  });

  it('builds the Pact CLI arguments of record-deployment and record-release', () => {
    expect(recordArgs('record-deployment', { pacticipant: 'cognito-sync', version: '1.2.3', environment: 'production', applicationInstance: 'blue' }))
      .toEqual(['record-deployment', '--pacticipant', 'cognito-sync', '--version', '1.2.3', '--environment', 'production', '--application-instance', 'blue']);
    expect(recordArgs('record-release', { pacticipant: CONSUMER, version: '2', environment: 'test' }))
      .toEqual(['record-release', '--pacticipant', CONSUMER, '--version', '2', '--environment', 'test']);
  });
});

describe('the ledger of pacts known only as they are verified', () => {
  it('adds an entry per state setup, and names them in order from the verifier\'s results', () => {
    const ledger = new Ledger([], { open: true, now: () => 1 });
    ledger.claim('state a', { x: 1 })!.setupError = 'broke';
    ledger.claim('state b', {});
    ledger.claim('state a', { x: 1 });
    ledger.name(['first', 'second', 'third']);
    expect(ledger.entries.map((e) => [e.description, e.state, e.setupError])).toEqual([['first', 'state a', 'broke'], ['second', 'state b', undefined], ['third', 'state a', undefined]]);
  });

  it('keeps the verifier\'s results alone when they do not pair one to one with the setups', () => {
    const ledger = new Ledger([], { open: true, now: () => 1 });
    ledger.claim('state a', {});
    ledger.name(['first', 'no state']);
    expect(ledger.entries.map((e) => [e.description, e.state, e.claimedAt])).toEqual([['first', '', 1], ['no state', '', 1]]);
  });

  it('a closed ledger (pact files) adds nothing for a state no interaction has', () => {
    const ledger = new Ledger([{ description: 'd', state: 's', params: {} }]);
    expect(ledger.claim('other', {})).toBeUndefined();
    ledger.name(['x']);
    expect(ledger.entries.map((e) => e.description)).toEqual(['d']);
  });
});

describe('contracts verify --broker, against a stand-in Pact Broker', () => {
  it('asks for the pacts with the default selectors, pending on, no WIP; verifies them; publishes nothing without --publish', async () => {
    broker.reset([mainPact()]);
    const r = await cli(verify('--provider-branch', 'feature-z'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(broker.forVerification).toEqual([{ consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }], includePendingStatus: true, providerVersionBranch: 'feature-z' }]);
    expect(broker.requests.filter((q) => q.method === 'GET' && q.path.includes('/pact-version/'))).toHaveLength(1);
    expect(broker.results).toEqual([]);
    expect(broker.branchVersions).toEqual([]);
    expect(r.stdout).toContain(`pacts from the Pact Broker at ${broker.url}: selectors [{"mainBranch":true},{"deployedOrReleased":true}], pending pacts on; provider version unknown, branch feature-z (--provider-branch); results not published (no --publish)`);
    expect(r.stdout).toContain('broker: stand-in: pact main is verified because it is the latest from the main branch');
    expect(r.stdout).toMatch(/verified against emulator[^\n]*: 2 passed, 0 failed, 0 not applicable of 2 interactions/);
  }, 120_000);

  it('sends custom selectors from the flag or from the config file, and refuses bad ones in one line, exit 2, before asking the broker', async () => {
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    const custom = [{ branch: 'feat-x' }, { deployed: true, environment: 'production' }];
    const fromFlag = await cli(verify('--consumer-version-selectors', JSON.stringify(custom)));
    expect(fromFlag.code).toBe(0);
    const dir = emptyDir();
    writeFileSync(join(dir, 'cognito-sync-harness.config.json'), JSON.stringify({ consumerVersionSelectors: [{ matchingBranch: true }, { mainBranch: true }], includeWipSince: '2026-10-01', pending: false }));
    const fromFile = await cli(verify(), { cwd: dir });
    expect(fromFile.code).toBe(0);
    expect(broker.forVerification.map((b) => [b.consumerVersionSelectors, b.includeWipPactsSince, b.includePendingStatus])).toEqual([[custom, undefined, true], [[{ matchingBranch: true }, { mainBranch: true }], '2026-10-01', false]]);
    // The same file serves a run without a broker: its broker keys are then unused, not refused.
    broker.reset([]);
    const pact = JSON.parse(readFileSync(COMMITTED_PACT, 'utf8')) as { interactions: Array<{ description: string }> };
    pact.interactions = pact.interactions.filter((i) => i.description === MISSING);
    writeFileSync(join(dir, 'one.json'), JSON.stringify(pact));
    const local = await cli(['contracts', 'verify', '--pact', 'one.json'], { cwd: dir });
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/verified against emulator[^\n]*: 1 passed/);
    expect(broker.requests).toEqual([]);

    broker.reset([mainPact()]);
    const bad = await cli(verify('--consumer-version-selectors', '[{"mainbranch":true}]'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/unknown key "mainbranch"/);
    writeFileSync(join(dir, 'cognito-sync-harness.config.json'), JSON.stringify({ consumerVersionSelectors: { mainBranch: true } }));
    const badFile = await cli(verify(), { cwd: dir });
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(/"consumerVersionSelectors": --consumer-version-selectors takes a non-empty JSON array/);
    expect(broker.requests).toEqual([]);
  }, 120_000);

  it('pending: a failing pending pact is reported and the run passes; the same failure in a pact that is not pending fails it', async () => {
    broker.reset([mainPact({ pending: true })]);
    const pending = await cli(verify('--fault', BREAKS_MISSING));
    expect(pending.code).toBe(0);
    expect(pending.stdout).toContain(`FAIL (pending)  ${MISSING} [assertion]`);
    expect(pending.stdout).toMatch(/verified against [^\n]*: 1 passed, 1 failed \(1 in pending pacts, not counted against the run\)/);

    broker.reset([mainPact({ pending: false })]);
    const settled = await cli(verify('--fault', BREAKS_MISSING));
    expect(settled.code).toBe(1);
    expect(settled.stdout).toContain(`FAIL  ${MISSING} [assertion]`);
    expect(settled.stdout).toContain('NOT verified');

    // --no-pending: the broker is not asked for pending status, so nothing is pending and the failure counts.
    broker.reset([mainPact({ pending: true })]);
    const strict = await cli(verify('--fault', BREAKS_MISSING, '--no-pending'));
    expect(broker.forVerification[0]).toMatchObject({ includePendingStatus: false });
    expect(strict.code).toBe(1);

    // Without the fault the pending pact passes: the failure above was the fault's.
    broker.reset([mainPact({ pending: true })]);
    expect((await cli(verify())).code).toBe(0);
  }, 240_000);

  it('includes WIP pacts since a date: the broker is asked for them, and they are verified as pending', async () => {
    const pacts = [mainPact({ descriptions: [OTHER] }), { id: 'wip', why: 'a work in progress pact', pending: true, wip: true, descriptions: [MISSING] }];
    broker.reset(pacts);
    const without = await cli(verify('--fault', BREAKS_MISSING));
    expect(without.code).toBe(0);
    expect(broker.forVerification[0]).not.toHaveProperty('includeWipPactsSince');
    expect(broker.requests.some((q) => q.path.endsWith('/pact-version/wip'))).toBe(false);

    broker.reset(pacts);
    const wip = await cli(verify('--fault', BREAKS_MISSING, '--include-wip-since', '2026-11-01'));
    expect(broker.forVerification[0]).toMatchObject({ includeWipPactsSince: '2026-11-01', includePendingStatus: true });
    expect(broker.requests.some((q) => q.method === 'GET' && q.path.endsWith('/pact-version/wip'))).toBe(true);
    expect(wip.stdout).toContain(`FAIL (pending)  ${MISSING} [assertion]`);
    expect(wip.code).toBe(0);

    const bad = await cli(verify('--include-wip-since', '2026-13-01'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: option '--include-wip-since <YYYY-MM-DD>' argument '2026-13-01' is invalid\. --include-wip-since takes a date as YYYY-MM-DD/);
  }, 240_000);
});

describe('publishing verification results, only with --publish', () => {
  /** The provider version and branch the broker recorded: the branch PUT, then the results POST. */
  function published(): { branchVersion: string; version: string; success: boolean } {
    expect(broker.branchVersions).toHaveLength(1);
    expect(broker.results).toHaveLength(1);
    const put = broker.requests.findIndex((q) => q.method === 'PUT');
    const post = broker.requests.findIndex((q) => q.path.endsWith('/verification-results'));
    expect(put).toBeLessThan(post);
    const { body } = broker.results[0]!;
    return { branchVersion: broker.branchVersions[0]!, version: body.providerApplicationVersion, success: body.success };
  }
  const branchPath = (branch: string, version: string) => `/pacticipants/${PROVIDER}/branches/${encodeURIComponent(branch)}/versions/${encodeURIComponent(version)}`;

  it('from flags: a passing run publishes success with the version and records the branch; a failing one publishes the failure', async () => {
    broker.reset([mainPact()]);
    const r = await cli(verify('--publish', '--provider-version', '1.2.3', '--provider-branch', 'release-7'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('provider version 1.2.3 (--provider-version), branch release-7 (--provider-branch); results published');
    expect(broker.forVerification[0]).toMatchObject({ providerVersionBranch: 'release-7' });
    expect(published()).toEqual({ branchVersion: branchPath('release-7', '1.2.3'), version: '1.2.3', success: true });

    broker.reset([mainPact()]);
    const failing = await cli(verify('--publish', '--provider-version', '1.2.4', '--provider-branch', 'release-7', '--fault', BREAKS_MISSING));
    expect(failing.code).toBe(1);
    expect(published()).toMatchObject({ version: '1.2.4', success: false });
    // One test result per interaction, tied to the _id the broker gave it.
    expect(broker.results[0]!.body.testResults.map((t) => [t.interactionDescription, t.success]).sort()).toEqual([[OTHER, true], [MISSING, false]].sort());
  }, 120_000);

  it('from GitHub Actions variables (GITHUB_SHA, GITHUB_HEAD_REF on a pull request)', async () => {
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    const sha = '1f'.repeat(20);
    const r = await cli(verify('--publish'), { env: { GITHUB_ACTIONS: 'true', GITHUB_SHA: sha, GITHUB_HEAD_REF: 'feature-login', GITHUB_REF_NAME: '42/merge' } });
    expect(r.code).toBe(0);
    expect(published()).toEqual({ branchVersion: branchPath('feature-login', sha), version: sha, success: true });
  }, 60_000);

  it('from GitLab variables (CI_COMMIT_SHA, CI_COMMIT_REF_NAME)', async () => {
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    const sha = '2e'.repeat(20);
    const r = await cli(verify('--publish'), { env: { GITLAB_CI: 'true', CI_COMMIT_SHA: sha, CI_COMMIT_REF_NAME: 'develop' } });
    expect(r.code).toBe(0);
    expect(published()).toEqual({ branchVersion: branchPath('develop', sha), version: sha, success: true });
  }, 60_000);

  it('from git: the commit and branch of the working directory, +dirty with uncommitted changes', async () => {
    const clean = gitRepo(false);
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    expect((await cli(verify('--publish'), { cwd: clean.dir })).code).toBe(0);
    expect(published()).toMatchObject({ branchVersion: branchPath('release-7', clean.sha), version: clean.sha });

    const dirty = gitRepo(true);
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    const r = await cli(verify('--publish'), { cwd: dirty.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`provider version ${dirty.sha}+dirty (git (uncommitted changes)), branch release-7 (git)`);
    expect(published()).toMatchObject({ branchVersion: branchPath('release-7', `${dirty.sha}+dirty`), version: `${dirty.sha}+dirty` });
  }, 60_000);

  it('refuses --publish without a broker, or without any provider version, in one line and exit 2', async () => {
    broker.reset([mainPact()]);
    const local = await cli(['contracts', 'verify', '--publish']);
    expect(local.code).toBe(2);
    expect(local.stderr).toBe('error: --publish needs pacts from a Pact Broker: results of a local pact file have nowhere to go. Add --broker URL (or set PACT_BROKER_BASE_URL), or drop --publish\n');
    const wipAlone = await cli(['contracts', 'verify', '--include-wip-since', '2026-11-01']);
    expect(wipAlone.code).toBe(2);
    expect(wipAlone.stderr).toMatch(/^error: --include-wip-since choose pacts on a Pact Broker, and none is configured/);
    const noVersion = await cli(verify('--publish'));
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toMatch(/^error: --publish needs a provider version, and none was found/);
    expect(broker.requests).toEqual([]);
  }, 60_000);

  it('takes the broker from PACT_BROKER_BASE_URL and the token from PACT_BROKER_TOKEN, and never prints the token', async () => {
    broker.reset([mainPact({ descriptions: [MISSING] })]);
    const r = await cli(['contracts', 'verify', '--target', 'emulator', '--publish', '--provider-version', '3.0.0'], { env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(broker.requests.length).toBeGreaterThan(4);
    expect(broker.requests.every((q) => q.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    // No branch anywhere (no flag, no CI, no git checkout): the results are published without one.
    expect(r.stdout).toContain('provider version 3.0.0 (--provider-version), branch none; results published');
    expect(broker.branchVersions).toEqual([]);
    expect(broker.results.map((x) => [x.body.providerApplicationVersion, x.body.success])).toEqual([['3.0.0', true]]);
  }, 60_000);

  it('reports a broker with no pacts for the selectors as its own failure: one line, exit 3', async () => {
    broker.reset([]);
    const r = await cli(verify());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: The pacts could not be loaded: [^\n]*No pacts found for provider 'cognito-sync'[^\n]*\. Check the broker URL/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('the committed pact stays the only source without a broker', () => {
  it('a file verification ignores PACT_BROKER_BASE_URL and PACT_BROKER_PUBLISH_VERIFICATION_RESULTS in the environment', async () => {
    broker.reset([mainPact()]);
    const saved = { url: process.env.PACT_BROKER_BASE_URL, publish: process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS };
    process.env.PACT_BROKER_BASE_URL = broker.url;
    process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS = 'true';
    const target = await resolveTarget({ target: 'emulator' });
    try {
      const pact = JSON.parse(readFileSync(COMMITTED_PACT, 'utf8')) as { interactions: Array<{ description: string }> };
      pact.interactions = pact.interactions.filter((i) => i.description === MISSING);
      const file = join(emptyDir(), 'one.json');
      writeFileSync(file, JSON.stringify(pact));
      const r = await verifyContracts({ target, pactFiles: [file] });
      expect(r.interactions.map((i) => [i.interaction, i.status])).toEqual([[MISSING, 'pass']]);
      expect(broker.requests).toEqual([]);
      // And the environment is as it was.
      expect(process.env.PACT_BROKER_BASE_URL).toBe(broker.url);
    } finally {
      await target.close();
      if (saved.url === undefined) delete process.env.PACT_BROKER_BASE_URL;
      else process.env.PACT_BROKER_BASE_URL = saved.url;
      if (saved.publish === undefined) delete process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS;
      else process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS = saved.publish;
    }
  }, 60_000);
});

describe('record-deployment and record-release, through the official Pact CLI, against the stand-in', () => {
  it('records a deployment (with an application instance) and a release, with the token, which is never printed', async () => {
    broker.reset([]);
    const env = { PACT_BROKER_TOKEN: TOKEN, PACT_BROKER_HTTP_RETRIES: '0' };
    const dep = await cli(['contracts', 'record-deployment', '--broker', broker.url, '--pacticipant', PROVIDER, '--version', '1.2.3', '--environment', 'production', '--application-instance', 'blue'], { env });
    expect(dep.code).toBe(0);
    expect(dep.stdout).toContain(`Recorded deployment of ${PROVIDER} version 1.2.3 to production environment`);
    const rel = await cli(['contracts', 'record-release', '--pacticipant', PROVIDER, '--version', '1.2.3', '--environment', 'production'], { env: { ...env, PACT_BROKER_BASE_URL: broker.url } });
    expect(rel.code).toBe(0);
    const posts = broker.requests.filter((q) => q.method === 'POST').map((q) => [q.path, JSON.parse(q.body) as unknown]);
    expect(posts).toEqual([
      [`/pacticipants/${PROVIDER}/versions/1.2.3/deployed-versions/environment/env-prod`, expect.objectContaining({ applicationInstance: 'blue' })],
      [`/pacticipants/${PROVIDER}/versions/1.2.3/released-versions/environment/env-prod`, {}],
    ]);
    expect(broker.requests.every((q) => q.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(`${dep.stdout}${dep.stderr}${rel.stdout}${rel.stderr}`).not.toContain(TOKEN);
  }, 60_000);

  it('refuses the broker commands without a broker, and bad values, in one line and exit 2', async () => {
    for (const args of [
      ['record-deployment', '--version', '1', '--environment', 'production'],
      ['record-release', '--version', '1', '--environment', 'production'],
      ['can-i-deploy', '--version', '1', '--to-environment', 'production'],
    ]) {
      const r = await cli(['contracts', ...args]);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe('error: No Pact broker is configured. Pass --broker URL or set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN); without a broker, use the files in contracts/pacts\n');
    }
    const badUrl = await cli(['contracts', 'record-release', '--broker', 'ftp://x', '--version', '1', '--environment', 'production']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--broker takes an http or https URL/);
    const badEnv = await cli(['contracts', 'record-release', '--version', '1', '--environment', 'production'], { env: { PACT_BROKER_BASE_URL: 'ftp://x' } });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toBe('error: PACT_BROKER_BASE_URL: must be an http or https URL, not "ftp://x". Set it to the broker\'s base URL, or unset it\n');
    const blank = await cli(['contracts', 'record-deployment', '--broker', broker.url, '--version', ' ', '--environment', 'production']);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/--version takes a non-empty value/);
  }, 60_000);
});
