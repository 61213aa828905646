// The k6-operator bundle: every TestRun it writes must pass the TestRun CRD's
// OpenAPI v3 schema (load/fixtures/k6.io_testruns.yaml, from k6-operator), the
// validator must reject broken manifests, the script travels without a source
// map, credentials never enter a manifest, and the CLI refuses targets a
// cluster cannot reach.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { k8sManifests, SECRET_KEYS, unreachableFromCluster, writeK8sBundle } from './k8s.ts';
import { validateResource, type CustomResourceDefinition } from './k8s-schema.ts';
import { SCENARIOS, type Fixtures } from './run.ts';

const CRD = parseAllDocuments(readFileSync(fileURLToPath(new URL('./fixtures/k6.io_testruns.yaml', import.meta.url)), 'utf8'))
  .map((d) => d.toJS() as CustomResourceDefinition | null).find((d) => d !== null)!;
const BIN = fileURLToPath(new URL('../bin/cognito-sync-harness.js', import.meta.url));
const SECRET = 'wJalrXUtnFEMI-not-a-real-secret';
const TOKEN = 'session-token-not-real';

const fixtures: Fixtures = {
  endpoint: 'https://sync.example.test', host: 'sync.example.test', region: 'eu-west-1', mode: 'developer', prefix: 'csh-abc-', unsigned: false,
  developer: { accessKeyId: 'AKIDDEV', secretAccessKey: SECRET },
  identities: [{ identityPoolId: 'eu-west-1:pool', identityId: 'eu-west-1:id-1', credentials: { accessKeyId: 'ASIA1', secretAccessKey: SECRET, sessionToken: TOKEN }, datasets: ['csh-abc-load'], records: 200, keys: ['shared-0'] }],
};
const SCRIPT = 'export default function () {}\n';
const manifests = (scenario: (typeof SCENARIOS)[number], parallelism: number, extra: object = {}) =>
  k8sManifests({ scenario, parallelism, profile: 'load', script: SCRIPT, fixtures, ...extra });

describe('generated TestRuns against the TestRun CRD schema', () => {
  it('the fixture is k6-operator\'s TestRun CRD', () => {
    expect(CRD.spec.group).toBe('k6.io');
    expect(CRD.spec.versions.map((v) => v.name)).toContain('v1alpha1');
  });

  for (const scenario of SCENARIOS) {
    for (const parallelism of [1, 4, 16, 1000]) {
      it(`${scenario} with parallelism ${parallelism} validates`, () => {
        const m = manifests(scenario, parallelism, parallelism === 16 ? { rateCap: 50, rate: 40, duration: '90s' } : {});
        expect(validateResource(m.testRun, CRD)).toEqual([]);
        expect(m.testRun.spec.parallelism).toBe(parallelism);
        expect(m.testRun.spec.script.configMap).toEqual({ name: m.configMap.metadata.name, file: `${scenario}.js` });
        expect(m.configMap.data[`${scenario}.js`]).toBe(SCRIPT);
      });
    }
  }

  it('wires every Secret key into the runner: credentials as env from secretKeyRef, fixtures as a mounted file', () => {
    const m = manifests('sync-session', 4);
    const runner = m.testRun.spec.runner;
    const secretName = m.secretTemplate.metadata.name;
    const refs = runner.env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]);
    expect(refs).toEqual([
      ['CSH_AWS_ACCESS_KEY_ID', secretName, 'AWS_ACCESS_KEY_ID'], ['CSH_AWS_SECRET_ACCESS_KEY', secretName, 'AWS_SECRET_ACCESS_KEY'], ['CSH_AWS_SESSION_TOKEN', secretName, 'AWS_SESSION_TOKEN'],
    ]);
    expect(runner.volumes[0].secret).toEqual({ secretName, items: [{ key: 'fixtures.json', path: 'fixtures.json' }] });
    expect(runner.env).toContainEqual({ name: 'CSH_FIXTURES', value: `${runner.volumeMounts[0].mountPath}/fixtures.json` });
    expect(Object.keys(m.secretTemplate.stringData).sort()).toEqual(SECRET_KEYS.map((k) => k.key).sort());
    for (const k of SECRET_KEYS) expect(m.readme).toContain(`\`${k.key}\``);
  });

  it('carries no credential in any manifest or in the README', () => {
    const text = JSON.stringify(manifests('update-records', 2));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    const inSecret = JSON.parse(manifests('update-records', 2).secretTemplate.stringData['fixtures.json']) as Fixtures;
    expect(inSecret.identities[0]!.identityId).toBe('eu-west-1:id-1');
    expect(inSecret.developer.secretAccessKey).toBe('');
  });
});

describe('the validator has teeth: broken TestRuns are rejected', () => {
  const good = () => structuredClone(manifests('list-records', 4).testRun);
  const broken: Array<[string, (t: any) => void, RegExp]> = [
    ['parallelism as a string', (t) => { t.spec.parallelism = '4'; }, /spec\.parallelism: must be an integer/],
    ['parallelism beyond int32', (t) => { t.spec.parallelism = 2 ** 31; }, /spec\.parallelism: out of int32 range/],
    ['no parallelism (required)', (t) => { delete t.spec.parallelism; }, /required field "parallelism"/],
    ['no script (required)', (t) => { delete t.spec.script; }, /required field "script"/],
    ['a ConfigMap script without its name (required)', (t) => { delete t.spec.script.configMap.name; }, /spec\.script\.configMap: required field "name"/],
    ['a misspelt field', (t) => { t.spec.paralelism = 4; }, /spec\.paralelism: unknown field/],
    ['an env value that is a number', (t) => { t.spec.runner.env[0].value = 5; }, /spec\.runner\.env\[0\]\.value: must be a string/],
    ['a cleanup outside its enum', (t) => { t.spec.cleanup = 'always'; }, /spec\.cleanup: must be one of "post"/],
    ['a volume mount without a path', (t) => { delete t.spec.runner.volumeMounts[0].mountPath; }, /volumeMounts\[0\]: required field "mountPath"/],
    ['separate as a string', (t) => { t.spec.separate = 'false'; }, /spec\.separate: must be a boolean/],
    ['another API version', (t) => { t.apiVersion = 'k6.io/v1'; }, /apiVersion: k6\.io\/v1 is not served/],
    ['another kind', (t) => { t.kind = 'K6'; }, /kind: K6 is not TestRun/],
    ['a name that is not a DNS name', (t) => { t.metadata.name = 'CSH_List'; }, /metadata\.name/],
  ];
  for (const [what, mutate, why] of broken) {
    it(`rejects ${what}`, () => {
      const t = good();
      mutate(t);
      const problems = validateResource(t, CRD);
      expect(problems.join('\n')).toMatch(why);
    });
  }
});

describe('loopback endpoints', () => {
  it('are named unreachable from a cluster; other hosts are not', () => {
    for (const url of ['http://127.0.0.1:4599', 'http://localhost:8080', 'http://[::1]:80', 'http://api.localhost', 'http://0.0.0.0:1']) expect(unreachableFromCluster(url), url).toMatch(/loopback/);
    for (const url of ['https://sync.example.test', 'http://cognito-sync.default.svc.cluster.local:8080', 'http://10.0.0.7:4599']) expect(unreachableFromCluster(url), url).toBeUndefined();
  });
});

describe('writeK8sBundle', () => {
  let target: Target;
  const out = join('reports', 'test-results', 'k8s-bundle');
  let files: string[];
  beforeAll(async () => {
    // The CLI refuses the embedded emulator (a cluster cannot reach it); the writer is exercised against it directly.
    target = await resolveTarget({ target: 'emulator' });
    files = await writeK8sBundle(target, { scenario: 'list-records', parallelism: 3, profile: 'load', outDir: out, identities: 2, datasetSize: 12 });
  }, 120_000);
  afterAll(() => target.close());

  it('writes every file, with the script alone in the ConfigMap and its source map beside it', () => {
    const names = files.map((f) => f.slice(out.length + 1)).sort();
    expect(names).toEqual(['README.md', 'configmap.yaml', 'fixtures.json', 'list-records.js', 'list-records.js.map', 'secret.template.yaml', 'testrun.yaml']);
    const configMap = parse(readFileSync(join(out, 'configmap.yaml'), 'utf8')) as { data: Record<string, string> };
    const script = configMap.data['list-records.js']!;
    expect(script).toBe(readFileSync(join(out, 'list-records.js'), 'utf8'));
    expect(script).not.toMatch(/sourceMappingURL/);
    expect(script).toMatch(/export \{|export default/);
    expect(statSync(join(out, 'configmap.yaml')).size).toBeLessThan(100_000);
    expect(existsSync(join(out, 'list-records.js.map'))).toBe(true);
    expect(validateResource(parse(readFileSync(join(out, 'testrun.yaml'), 'utf8')) as Record<string, unknown>, CRD)).toEqual([]);
  });

  it('prepares the fixtures on the target first, and writes them without credentials', async () => {
    const f = JSON.parse(readFileSync(join(out, 'fixtures.json'), 'utf8')) as Fixtures;
    expect(f.prefix).toBe(target.prefix);
    expect(f.identities).toHaveLength(2);
    const secretText = (await target.developerCredentials()).secretAccessKey;
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(secretText);
    const one = f.identities[0]!;
    const r = await target.client('developer').call<{ Records: unknown[] }>('ListRecords', { IdentityPoolId: one.identityPoolId, IdentityId: one.identityId, DatasetName: one.datasets[0]!, MaxResults: 100 });
    expect(r.ok && r.output.Records.length).toBe(12);
  });
});

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.AWS_ENDPOINT_URL;
    delete env.AWS_ENDPOINT_URL_COGNITO_SYNC;
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('load --k8s refuses targets a cluster cannot reach, in one line, as a usage error', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['the embedded emulator (the default target)', [], /embedded emulator/],
    ['the emulator by name', ['--target', 'emulator'], /embedded emulator/],
    ['a 127.0.0.1 URL', ['--target', 'http://127.0.0.1:4599'], /loopback/],
    ['a localhost URL', ['--target', 'http://localhost:4599'], /loopback/],
    ['identity credentials', ['--target', 'https://sync.example.test', '--credential-mode', 'identity'], /developer mode only/],
  ];
  for (const [what, args, why] of cases) {
    it(what, async () => {
      const r = await cli(['load', 'list-records', '--k8s', '--parallelism', '2', '--out', join('reports', 'test-results', 'k8s-refused'), ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
      // Refused before anything was prepared or written.
      expect(existsSync(join('reports', 'test-results', 'k8s-refused'))).toBe(false);
    }, 40_000);
  }

  it('--shards with --k8s', async () => {
    const r = await cli(['load', 'list-records', '--k8s', '--shards', '2', '--target', 'https://sync.example.test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/do not go together/);
  }, 40_000);
});
