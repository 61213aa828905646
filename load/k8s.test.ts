import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { k8sManifest } from './k8s.ts';

describe('k6-operator manifest', () => {
  it('carries the bundled script in a ConfigMap and the parallelism in a TestRun', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-k8s-'));
    const bundle = join(dir, 'sync-session.js');
    writeFileSync(bundle, 'export default function () {}\n');
    const text = k8sManifest({ scenario: 'sync-session', bundle, parallelism: 6, profile: 'load', endpoint: 'https://sync.example.test', rateCap: 50 });
    const docs = text.split('\n---\n').map((d) => JSON.parse(d.replace(/^#.*\n/gm, '')) as Record<string, any>);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'TestRun']);
    expect(docs[0]!.data['sync-session.js']).toBe('export default function () {}\n');
    expect(docs[1]!.spec.parallelism).toBe(6);
    expect(docs[1]!.spec.script.configMap).toEqual({ name: 'csh-sync-session-script', file: 'sync-session.js' });
    expect(docs[1]!.spec.runner.env).toContainEqual({ name: 'CSH_RATE_CAP', value: '50' });
    expect(text).not.toMatch(/secretAccessKey|sessionToken/);
  });
});
