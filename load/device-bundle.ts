// Beyond one machine: the k6-operator TestRun that runs the same device
// model at the rate a plan needs, split over `parallelism` pods. Built on the
// k6-operator manifest writer (load/k8s.ts); this adds the rate, duration
// and VU bound that one capacity step would use, and the model it came from.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeModel, type DeviceModel } from './device-model.ts';
import { k8sManifest } from './k8s.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type BundleRequest = { model: DeviceModel; rate: number; parallelism: number; seconds: number; maxVUs: number; endpoint: string; outDir: string };

/** Writes <outDir>/sync-session-devices-testrun.yaml and returns its path (scenarios must be bundled first). */
export function writeDeviceBundle(r: BundleRequest): string {
  const text = k8sManifest({ scenario: 'sync-session', bundle: join(ROOT, 'load/dist/sync-session.js'), parallelism: r.parallelism, profile: 'load', endpoint: r.endpoint, name: 'csh-sync-session-devices' });
  const [head, testRunText] = text.split('\n---\n') as [string, string];
  const testRun = JSON.parse(testRunText) as { spec: { runner: { env: Array<{ name: string; value: string }> } } };
  // k6 splits an arrival rate across execution segments, so each pod runs rate / parallelism.
  testRun.spec.runner.env.push(
    { name: 'CSH_RATE', value: String(r.rate) }, { name: 'CSH_DURATION', value: `${r.seconds}s` },
    { name: 'CSH_MAX_VUS', value: String(r.maxVUs * r.parallelism) },
  );
  const note = [
    `# Device model: ${describeModel(r.model)}`,
    `# ${r.rate.toFixed(2)} syncs/s in total over ${r.parallelism} pods. The fixtures Secret must hold fixtures prepared`,
    '# for this model against the same target (their "model" member makes sync-session run device syncs).',
  ].join('\n');
  const file = join(r.outDir, 'sync-session-devices-testrun.yaml');
  writeFileSync(file, `${note}\n${head}\n---\n${JSON.stringify(testRun, null, 2)}\n`);
  return file;
}
