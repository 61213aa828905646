// Beyond one machine: the k6-operator bundle (load/k8s.ts) that runs the same
// device model at the rate a plan needs, split over `parallelism` runner pods.
// The fixtures are the ones this capacity run prepared on the target, so the
// pods sync the same identities and datasets; they carry the model, which
// makes sync-session run device syncs.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeModel, type DeviceModel } from './device-model.ts';
import { k8sManifests, unreachableFromCluster } from './k8s.ts';
import type { Fixtures } from './run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type BundleRequest = { model: DeviceModel; fixtures: Fixtures; rate: number; parallelism: number; seconds: number; maxVUs: number; outDir: string };

/** Writes the bundle into <outDir>/k8s and returns the TestRun's path. */
export async function writeDeviceBundle(r: BundleRequest): Promise<string> {
  const dir = join(r.outDir, 'k8s');
  mkdirSync(dir, { recursive: true });
  const { bundle } = (await import(join(ROOT, 'load/build.mjs'))) as { bundle: (o: { only: string; outdir: string; sourcemap: string }) => Promise<string[]> };
  const [scriptFile] = await bundle({ only: 'sync-session', outdir: dir, sourcemap: 'external' });
  // k6 splits an arrival rate and a VU bound across execution segments: these are the whole test's.
  const m = k8sManifests({
    scenario: 'sync-session', parallelism: r.parallelism, profile: 'load', rate: r.rate, duration: `${r.seconds}s`, maxVUs: r.maxVUs * r.parallelism,
    name: 'csh-sync-session-devices', script: readFileSync(scriptFile!, 'utf8'), fixtures: r.fixtures,
  });
  const unreachable = unreachableFromCluster(r.fixtures.endpoint);
  const note = [
    `\n## Capacity plan\n`,
    `Device model: ${describeModel(r.model)}.`,
    `${r.rate.toFixed(2)} syncs/s in total over ${r.parallelism} pods, for ${r.seconds} s: the load one machine could not generate.`,
    ...(unreachable ? [`Warning: ${unreachable}. Run the capacity command against an endpoint the cluster can reach before using this bundle.`] : []),
  ].join('\n');
  const yaml = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
  const files: Array<[string, string]> = [
    ['testrun.yaml', yaml(m.testRun)], ['configmap.yaml', yaml(m.configMap)], ['secret.template.yaml', yaml(m.secretTemplate)],
    ['fixtures.json', `${m.secretTemplate.stringData['fixtures.json']}\n`], ['README.md', `${m.readme}${note}\n`],
  ];
  for (const [file, text] of files) writeFileSync(join(dir, file), text);
  return join(dir, 'testrun.yaml');
}
