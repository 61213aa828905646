// Provider verification of the committed pact, with teeth both ways: it
// passes against the emulator and under its legal variations, and each fault
// switch breaks exactly the interactions of the declared coverage table, on
// an assertion. Verdicts, failure kinds and not-applicable lines reach the
// result lines, JUnit and the HTML report.

import { Verifier } from '@pact-foundation/pact';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { faultNames } from '../src/emulator/faults.ts';
import { variantNames, type VariantName } from '../src/emulator/variants.ts';
import { writeReports } from '../src/report/write.ts';
import { createResultsWriter, readResults } from '../src/results/writer.ts';
import { suites } from '../src/run/suites.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { coverage, ERROR_INTERACTIONS } from '../src/selfcheck/coverage.ts';
import { pactInteractions } from './pact-file.ts';
import { STATES } from './states.ts';
import { contractFaultMatrix, judgeVariantRun, verifyOnEmulator } from './teeth.ts';
import { COMMITTED_PACT } from './names.ts';
import { verifyContracts } from './verify.ts';

const targets: Target[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

async function emulator(switches: { faults?: string[]; variants?: string[] } = {}): Promise<Target> {
  const target = await resolveTarget({ target: 'emulator', ...switches });
  targets.push(target);
  return target;
}

const ALL = pactInteractions(readFileSync(COMMITTED_PACT, 'utf8')).map((i) => i.description);
const BULK_IN_PROGRESS = 'BulkPublish while a bulk publish is in progress';

/** A pact of a few interactions of the committed one, for tests that need no full run. */
function partialPact(descriptions: string[]): string {
  const pact = JSON.parse(readFileSync(COMMITTED_PACT, 'utf8')) as { interactions: Array<{ description: string }> };
  pact.interactions = pact.interactions.filter((i) => descriptions.includes(i.description));
  const file = join(mkdtempSync(join(tmpdir(), 'csh-pact-')), 'partial.json');
  writeFileSync(file, JSON.stringify(pact));
  return file;
}

describe('provider verification', () => {
  it('passes against the emulator, every interaction and every state', async () => {
    const r = await verifyContracts({ target: await emulator() });
    expect(r.stateErrors).toEqual([]);
    expect(r.interactions.filter((i) => i.status !== 'pass')).toEqual([]);
    expect(r.interactions.map((i) => i.interaction)).toEqual(ALL);
    expect(ALL.length).toBeGreaterThanOrEqual(30);
    expect(r.ok).toBe(true);
  }, 120_000);

  it('reports a failed provider state as a setup failure of exactly the interactions that need it', async () => {
    const r = await verifyContracts({ target: await emulator(), stateOverrides: { [STATES.events]: async () => { throw new Error('events could not be set'); } } });
    expect(r.stateErrors).toEqual([`state "${STATES.events}": events could not be set`]);
    const failed = r.interactions.filter((i) => i.status !== 'pass');
    expect(failed).toEqual([expect.objectContaining({
      interaction: 'GetCognitoEvents of a pool with a sync trigger', status: 'fail', failure: 'setup',
      reason: `provider state "${STATES.events}" could not be set up: events could not be set`,
    })]);
    expect(r.ok).toBe(false);
  }, 120_000);

  it('maps a state shared by several interactions to the one being set up', async () => {
    let calls = 0;
    // The third setup of this state (in pact order) fails; only that interaction may carry it.
    const users = pactInteractions(readFileSync(COMMITTED_PACT, 'utf8')).filter((i) => i.state === STATES.identity).map((i) => i.description);
    const r = await verifyContracts({ target: await emulator(), pactFiles: [partialPact(users)], stateOverrides: {
      [STATES.identity]: async () => {
        if (++calls === 3) throw new Error('third setup broke');
        return { identityPoolId: 'us-east-1:0c1ba052-e098-41fa-a76e-eaa2c125f861', identityId: 'us-east-1:9643aaaa-0000-4000-8000-000000000001', datasetName: 'prefs' };
      },
    } });
    expect(users.length).toBeGreaterThanOrEqual(3);
    expect(r.interactions.filter((i) => i.failure === 'setup').map((i) => i.interaction)).toEqual([users[2]]);
  }, 120_000);

  it('reports a verifier that breaks as a crash of every interaction, never a pass or an assertion', async () => {
    const spy = vi.spyOn(Verifier.prototype, 'verifyProvider').mockRejectedValue(new Error('native library could not be loaded'));
    try {
      const r = await verifyContracts({ target: await emulator(), pactFiles: [partialPact(ALL.slice(0, 2))] });
      expect(r.crash).toMatch(/native library could not be loaded/);
      expect(r.interactions.map((i) => [i.status, i.failure])).toEqual([['fail', 'crash'], ['fail', 'crash']]);
      expect(r.ok).toBe(false);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('answers a target that never answers at the relay deadline, as an interruption', async () => {
    const real = await emulator();
    // A socket that accepts and never answers stands in for the Cognito Sync endpoint; states still use the real one.
    const hole = createServer(() => {});
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hole.address() as { port: number }).port;
      const stuck = Object.create(real, { syncEndpoint: { value: `http://127.0.0.1:${port}` } }) as Target;
      const r = await verifyContracts({ target: stuck, deadlineMs: 300, pactFiles: [partialPact(['ListRecords of a missing dataset'])] });
      expect(r.interactions).toEqual([expect.objectContaining({ status: 'fail', failure: 'interrupt', reason: expect.stringMatching(/did not answer within 0.3 s/) })]);
    } finally {
      hole.close();
    }
  }, 60_000);

  it('takes the relay deadline from the target\'s request deadline (--request-timeout) when none is given', async () => {
    const real = await emulator();
    const hole = createServer(() => {});
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hole.address() as { port: number }).port;
      const stuck = Object.create(real, { syncEndpoint: { value: `http://127.0.0.1:${port}` }, requestTimeoutMs: { value: 400 } }) as Target;
      const r = await verifyContracts({ target: stuck, pactFiles: [partialPact(['ListRecords of a missing dataset'])] });
      expect(r.interactions).toEqual([expect.objectContaining({ status: 'fail', failure: 'interrupt', reason: expect.stringMatching(/did not answer within 0.4 s/) })]);
    } finally {
      hole.close();
    }
  }, 60_000);
});

describe('variants: the pact passes wherever a correct backend may differ', () => {
  it('all variants together: every interaction passes but the one bulk-instant makes unreachable', async () => {
    const r = await verifyContracts({ target: await emulator({ variants: [...variantNames] }) });
    expect(judgeVariantRun(r, variantNames)).toEqual({ ok: true, problems: [] });
    expect(r.interactions.filter((i) => i.status === 'not-applicable').map((i) => i.interaction)).toEqual([BULK_IN_PROGRESS]);
  }, 120_000);

  // One at a time, the variants that touch what the pact checks; the rest run together above, and each alone in selfcheck.
  const subset: VariantName[] = ['throttling', 'explicit-nulls', 'omitted-optionals', 'extra-members', 'fractional-dates'];
  for (const variant of subset) {
    it(`passes under ${variant}`, async () => {
      const r = await verifyOnEmulator({ variants: [variant] });
      expect(judgeVariantRun(r, [variant])).toEqual({ ok: true, problems: [] });
      expect(r.interactions.every((i) => i.status === 'pass')).toBe(true);
    }, 120_000);
  }

  it('bulk-instant: the suite writes exactly that interaction not-applicable, with its reason, into results, JUnit and HTML', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'csh-contracts-'));
    const writer = createResultsWriter(runDir, 'run-na');
    const target = await emulator({ variants: ['bulk-instant'] });
    const { ok } = await suites.contracts!({ target, writer, seed: 1, progress: () => {} });
    expect(ok).toBe(true);
    const lines = readResults(runDir);
    expect(lines.map((l) => l.case)).toEqual(ALL);
    const na = lines.filter((l) => l.status === 'not-applicable');
    expect(na).toEqual([expect.objectContaining({ case: BULK_IN_PROGRESS, operation: 'BulkPublish', reason: expect.stringMatching(/already SUCCEEDED right after BulkPublish/) })]);
    expect(lines.filter((l) => l.status !== 'pass' && l.status !== 'not-applicable')).toEqual([]);
    const { junit, html } = writeReports(runDir, { runId: 'run-na', target: target.name, startedAt: 'a', finishedAt: 'b', harnessVersion: 'test' });
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(new RegExp(`name="${BULK_IN_PROGRESS}"[^>]*><skipped message="not applicable: this target&apos;s bulk publish of a small pool is already SUCCEEDED`));
    expect(xml).toContain(`tests="${ALL.length}" failures="0" skipped="1"`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Not applicable on this target (1)');
    expect(page).toContain(`contracts · ${BULK_IN_PROGRESS}: this target's bulk publish of a small pool is already SUCCEEDED`);
  }, 120_000);
});

describe('faults: each breaks exactly its declared interactions, on an assertion', () => {
  it('every interaction is caught as an assertion by at least one fault', () => {
    const caught = new Set(Object.values(coverage).flatMap((c) => c.contracts ?? []));
    expect(ALL.filter((d) => !caught.has(d))).toEqual([]);
    expect([...ERROR_INTERACTIONS].every((d) => ALL.includes(d))).toBe(true);
  });

  it('the result lines of a broken target carry their failure kind, and ctx.only narrows them', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'csh-contracts-'));
    const writer = createResultsWriter(runDir, 'run-kinds');
    const only = ['GetCognitoEvents of a pool with a sync trigger', 'SubscribeToDataset from a registered device', 'ListRecords of a missing dataset'];
    const { ok } = await suites.contracts!({ target: await emulator({ faults: ['settings-not-stored'] }), writer, seed: 1, progress: () => {}, only });
    expect(ok).toBe(false);
    const lines = readResults(runDir);
    expect(lines.map((l) => [l.case, l.status, l.details?.failure])).toEqual([
      ['GetCognitoEvents of a pool with a sync trigger', 'fail', 'assertion'],
      ['ListRecords of a missing dataset', 'pass', undefined],
      ['SubscribeToDataset from a registered device', 'fail', 'setup'],
    ]);
    expect(lines[0]!.reason).toMatch(/\(basis: AWS model: GetCognitoEvents returns the stored events\)$/);
    expect(lines[2]!.reason).toMatch(/^provider state "identity \{identityId\} has registered device \{deviceId\}" could not be set up: RegisterDevice failed: 400 InvalidConfigurationException/);
  }, 120_000);

  it('error-type-lowercase fails every error interaction on the header Android cannot read, and names why', async () => {
    const r = await verifyOnEmulator({ faults: ['error-type-lowercase'] });
    const failed = r.interactions.filter((i) => i.status === 'fail');
    expect(failed.map((i) => i.interaction).sort()).toEqual([...ERROR_INTERACTIONS].sort());
    for (const i of failed) {
      expect(i.failure).toBe('assertion');
      expect(i.reason).toContain("target spelled the header 'x-amzn-errortype'; Android reads exactly x-amzn-ErrorType (aws-sdk-android JsonErrorResponseHandler)");
    }
  }, 120_000);

  // About 2.5 s per fault, one emulator at a time: the whole matrix takes about a minute.
  it('matches the declared coverage table for every fault switch', async () => {
    const rows = await contractFaultMatrix(faultNames);
    const actual = Object.fromEntries(rows.map((r) => [r.fault, r.assertion]));
    const declared = Object.fromEntries(Object.entries(coverage).map(([f, c]) => [f, [...(c.contracts ?? [])].sort()]));
    expect(actual).toEqual(declared);
    // Nothing else may go wrong under a fault than assertions and setups that the fault itself breaks.
    expect(rows.filter((r) => r.other.length > 0).map((r) => `${r.fault}: ${r.other.join(', ')}`)).toEqual([]);
  }, 300_000);
});
