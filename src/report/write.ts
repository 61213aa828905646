import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJunit } from '../results/junit.ts';
import { readResults } from '../results/writer.ts';
import type { DeviceCapacityReport } from './capacity-devices.ts';
import { renderReport, type Capacity, type LoadSeries, type ReportMeta } from './render.ts';

/** Builds junit.xml and index.html from the run's results.jsonl. */
export function writeReports(runDir: string, meta: ReportMeta): { junit: string; html: string } {
  const lines = readResults(runDir);
  const junit = join(runDir, 'junit.xml');
  const html = join(runDir, 'index.html');
  writeFileSync(junit, buildJunit(lines));
  const json = <T>(name: string): T | undefined => (existsSync(join(runDir, name)) ? (JSON.parse(readFileSync(join(runDir, name), 'utf8')) as T) : undefined);
  const load = json<LoadSeries>('load-series.json');
  const capacity = json<Capacity>('capacity.json');
  const devices = json<DeviceCapacityReport>('capacity-devices.json');
  // k6 dashboards and summaries, and the verifier's log, are linked from the report when the run made them.
  const artifacts = meta.artifacts ?? readdirSync(runDir).filter((f) => /-(dashboard\.html|summary\.json)$|^pact-verifier\.log$/.test(f)).sort();
  writeFileSync(html, renderReport({ ...meta, artifacts }, lines, { ...(load ? { load } : {}), ...(capacity ? { capacity } : {}), ...(devices ? { devices } : {}) }));
  return { junit, html };
}
