import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildJunit } from '../results/junit.ts';
import { readResults } from '../results/writer.ts';
import { renderReport, type ReportMeta } from './render.ts';

/** Builds junit.xml and index.html from the run's results.jsonl. */
export function writeReports(runDir: string, meta: ReportMeta): { junit: string; html: string } {
  const lines = readResults(runDir);
  const junit = join(runDir, 'junit.xml');
  const html = join(runDir, 'index.html');
  writeFileSync(junit, buildJunit(lines));
  writeFileSync(html, renderReport(meta, lines));
  return { junit, html };
}
