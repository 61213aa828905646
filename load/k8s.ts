// `load <scenario> --k8s`: a bundle that runs the scenario on a cluster with
// k6-operator, across `parallelism` pods (each pod one execution segment of
// the test, as `load --shards` runs them locally). The bundle holds:
//   testrun.yaml          the TestRun (k6.io/v1alpha1)
//   configmap.yaml        the bundled script, without its source map
//   <scenario>.js.map     the source map, kept outside the cluster
//   fixtures.json         what the harness prepared on the target, without credentials
//   secret.template.yaml  the Secret the TestRun reads: fixtures.json and the credentials
//   README.md             the kubectl steps
// Manifests are written as JSON, which is YAML too: kubectl applies them as they are.
// Fixtures stay on the target after the command ends: the cluster test needs them.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../src/harness-error.ts';
import type { Target } from '../src/target/index.ts';
import { DEFAULT_MAX_VUS, prepareFixtures, type Fixtures, type Scenario } from './run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Kubernetes docs, "ConfigMaps": the data stored in a ConfigMap cannot exceed 1 MiB. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;
/** Where the runner pods mount the Secret's fixtures.json. */
export const FIXTURES_MOUNT = '/csh';

/** The keys of the Secret, what each holds, and the variable or file the script reads it as. */
export const SECRET_KEYS = [
  { key: 'fixtures.json', holds: 'the fixtures the harness prepared (pool, identities, seeded datasets, dataset prefix, endpoint, region), no credentials', readAs: `file ${FIXTURES_MOUNT}/fixtures.json (CSH_FIXTURES)` },
  { key: 'AWS_ACCESS_KEY_ID', holds: 'the access key id the pods sign with (developer credentials)', readAs: 'env CSH_AWS_ACCESS_KEY_ID' },
  { key: 'AWS_SECRET_ACCESS_KEY', holds: 'its secret access key', readAs: 'env CSH_AWS_SECRET_ACCESS_KEY' },
  { key: 'AWS_SESSION_TOKEN', holds: 'a session token for temporary credentials; optional, empty or absent otherwise', readAs: 'env CSH_AWS_SESSION_TOKEN' },
] as const;

export type BundleOptions = {
  scenario: Scenario;
  parallelism: number;
  profile: string;
  rateCap?: number;
  rate?: number;
  duration?: string;
  maxVUs?: number;
  name?: string;
};

export type Manifests = { name: string; testRun: Record<string, any>; configMap: Record<string, any>; secretTemplate: Record<string, any>; readme: string };

/** The fixtures a cluster may read from a Secret: every credential left out (they come from the Secret's own keys). */
export function withoutCredentials(f: Fixtures): Fixtures {
  const none = { accessKeyId: '', secretAccessKey: '' };
  return { ...f, developer: none, identities: f.identities.map((i) => ({ ...i, credentials: none })) };
}

/** The manifests and README of a bundle (pure: the script and fixtures come in as text). */
export function k8sManifests(opts: BundleOptions & { script: string; fixtures: Fixtures }): Manifests {
  const name = opts.name ?? `csh-${opts.scenario}`;
  const file = `${opts.scenario}.js`;
  const secretName = `${name}-secrets`;
  if (Buffer.byteLength(opts.script) > CONFIGMAP_MAX_BYTES) {
    throw new HarnessError(`The bundled ${file} is ${Buffer.byteLength(opts.script)} bytes, more than a ConfigMap holds (1 MiB)`, 'Report this as a bug: the scenario bundle has grown too large');
  }
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-script` }, data: { [file]: opts.script } };
  const fromSecret = (env: string, key: string, optional = false) => ({ name: env, valueFrom: { secretKeyRef: { name: secretName, key, ...(optional ? { optional: true } : {}) } } });
  const env = [
    { name: 'CSH_PROFILE', value: opts.profile },
    { name: 'CSH_FIXTURES', value: `${FIXTURES_MOUNT}/fixtures.json` },
    // handleSummary writes its files here; the summary text also goes to the pod's log.
    { name: 'CSH_OUT_DIR', value: '/tmp' },
    // The whole test's VUs: k6 gives each pod its segment's share.
    { name: 'CSH_MAX_VUS', value: String(opts.maxVUs ?? DEFAULT_MAX_VUS) },
    ...(opts.rate !== undefined ? [{ name: 'CSH_RATE', value: String(opts.rate) }] : []),
    ...(opts.rateCap !== undefined ? [{ name: 'CSH_RATE_CAP', value: String(opts.rateCap) }] : []),
    ...(opts.duration ? [{ name: 'CSH_DURATION', value: opts.duration }] : []),
    fromSecret('CSH_AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'),
    fromSecret('CSH_AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY'),
    fromSecret('CSH_AWS_SESSION_TOKEN', 'AWS_SESSION_TOKEN', true),
  ];
  const testRun = {
    apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', metadata: { name },
    spec: {
      parallelism: opts.parallelism,
      separate: false,
      script: { configMap: { name: `${name}-script`, file } },
      arguments: '--quiet',
      runner: {
        env,
        volumes: [{ name: 'csh-fixtures', secret: { secretName, items: [{ key: 'fixtures.json', path: 'fixtures.json' }] } }],
        volumeMounts: [{ name: 'csh-fixtures', mountPath: FIXTURES_MOUNT, readOnly: true }],
      },
    },
  };
  const secretTemplate = {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName }, type: 'Opaque',
    stringData: {
      'fixtures.json': JSON.stringify(withoutCredentials(opts.fixtures)),
      AWS_ACCESS_KEY_ID: 'REPLACE_WITH_ACCESS_KEY_ID',
      AWS_SECRET_ACCESS_KEY: 'REPLACE_WITH_SECRET_ACCESS_KEY',
      AWS_SESSION_TOKEN: '',
    },
  };
  return { name, testRun, configMap, secretTemplate, readme: readmeOf(name, secretName, opts) };
}

function readmeOf(name: string, secretName: string, opts: BundleOptions & { fixtures: Fixtures }): string {
  const f = opts.fixtures;
  return `# ${name}: the ${opts.scenario} load scenario on k6-operator

Target: ${f.endpoint} (region ${f.region}); profile ${opts.profile}${opts.rateCap !== undefined ? `, capped at ${opts.rateCap}/s` : ''}; ${opts.parallelism} runner pods,
each running one execution segment of the test (k6-operator splits it as \`load --shards ${opts.parallelism}\` does locally).
The harness prepared the fixtures on the target already: identity pool ${f.identities[0]?.identityPoolId ?? '(none)'},
${f.identities.length} identities, datasets under the prefix \`${f.prefix}\`. Needs k6-operator installed (CRD testruns.k6.io).

## Steps

\`\`\`sh
# 1. The script
kubectl apply -f configmap.yaml

# 2. The Secret: fixtures.json from this folder, and the credentials the pods sign with
kubectl create secret generic ${secretName} \\
  --from-file=fixtures.json=fixtures.json \\
  --from-literal=AWS_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" \\
  --from-literal=AWS_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \\
  --from-literal=AWS_SESSION_TOKEN="\${AWS_SESSION_TOKEN:-}"
#    (or fill in secret.template.yaml, save it as secret.yaml, and: kubectl apply -f secret.yaml)

# 3. The test
kubectl apply -f testrun.yaml
kubectl get testrun ${name} -w          # stage: initialization → created → started → finished
kubectl get pods                       # one runner pod per segment; each logs its own summary

# 4. Afterwards
kubectl delete -f testrun.yaml -f configmap.yaml
kubectl delete secret ${secretName}
\`\`\`

## The Secret

| key | holds | the script reads it as |
|---|---|---|
${SECRET_KEYS.map((k) => `| \`${k.key}\` | ${k.holds} | ${k.readAs} |`).join('\n')}

The credentials are the developer credentials of the target (for AWS, an IAM principal allowed to call Cognito Sync on the pool).
Never commit a filled-in secret.yaml.

## Cleaning up the target

The fixtures outlive the test. Delete the datasets under \`${f.prefix}\` of the identities in fixtures.json, then the identities
(Cognito Identity DeleteIdentities) and, if the harness created it, the identity pool (DeleteIdentityPool).
`;
}

const yamlOf = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

/**
 * Prepares fixtures on the target and writes the bundle into outDir; returns
 * the files written. The target must be reachable from the cluster (the CLI
 * refuses the embedded emulator and loopback URLs before getting here).
 */
export async function writeK8sBundle(target: Target, opts: BundleOptions & { outDir: string; identities?: number; datasetSize?: number }): Promise<string[]> {
  if (target.credentialMode === 'identity') {
    throw new HarnessError('--k8s runs in developer mode only: identity credentials from GetCredentialsForIdentity expire after an hour, before a cluster test may even start', 'Drop --credential-mode identity');
  }
  mkdirSync(opts.outDir, { recursive: true });
  const { bundle } = (await import(join(ROOT, 'load/build.mjs'))) as { bundle: (o: { only: string; outdir: string; sourcemap: string }) => Promise<string[]> };
  const [scriptFile] = await bundle({ only: opts.scenario, outdir: opts.outDir, sourcemap: 'external' });
  const script = readFileSync(scriptFile!, 'utf8');
  const fixtures = await prepareFixtures(target, { scenario: opts.scenario, maxVUs: opts.maxVUs ?? DEFAULT_MAX_VUS, ...(opts.identities !== undefined ? { identities: opts.identities } : {}), ...(opts.datasetSize !== undefined ? { datasetSize: opts.datasetSize } : {}) });
  const m = k8sManifests({ ...opts, script, fixtures });
  const files: Array<[string, string]> = [
    ['testrun.yaml', yamlOf(m.testRun)],
    ['configmap.yaml', yamlOf(m.configMap)],
    ['secret.template.yaml', yamlOf(m.secretTemplate)],
    ['fixtures.json', `${m.secretTemplate.stringData['fixtures.json']}\n`],
    ['README.md', m.readme],
  ];
  for (const [file, text] of files) writeFileSync(join(opts.outDir, file), text);
  return [...files.map(([file]) => join(opts.outDir, file)), scriptFile!, `${scriptFile!}.map`];
}

/** Why a cluster cannot use this endpoint, or undefined when it may. */
export function unreachableFromCluster(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::') {
    return `${url} is a loopback address: inside a cluster pod it names the pod itself`;
  }
  return undefined;
}
