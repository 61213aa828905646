// A k6-operator TestRun manifest plus the ConfigMap holding the bundled
// script, for running a scenario across N pods. Fixtures are not included:
// they carry credentials, so the manifest expects a Secret you create.

import { readFileSync } from 'node:fs';

export function k8sManifest(opts: { scenario: string; bundle: string; parallelism: number; profile: string; endpoint: string; rateCap?: number; name?: string }): string {
  const name = opts.name ?? `csh-${opts.scenario}`;
  const script = readFileSync(opts.bundle, 'utf8');
  const configMap = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-script` },
    data: { [`${opts.scenario}.js`]: script },
  };
  const env = [
    { name: 'CSH_PROFILE', value: opts.profile },
    { name: 'CSH_FIXTURES', value: '/fixtures/fixtures.json' },
    ...(opts.rateCap !== undefined ? [{ name: 'CSH_RATE_CAP', value: String(opts.rateCap) }] : []),
  ];
  const testRun = {
    apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', metadata: { name },
    spec: {
      parallelism: opts.parallelism,
      separate: false,
      script: { configMap: { name: `${name}-script`, file: `${opts.scenario}.js` } },
      arguments: '--quiet',
      runner: {
        env,
        volumes: [{ name: 'fixtures', secret: { secretName: `${name}-fixtures` } }],
        volumeMounts: [{ name: 'fixtures', mountPath: '/fixtures', readOnly: true }],
      },
    },
  };
  // JSON is valid YAML; kubectl apply -f takes this file as it is.
  return `# Target: ${opts.endpoint}\n# Create the fixtures Secret first: kubectl create secret generic ${name}-fixtures --from-file=fixtures.json\n${JSON.stringify(configMap, null, 2)}\n---\n${JSON.stringify(testRun, null, 2)}\n`;
}
