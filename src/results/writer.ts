import { appendFileSync, mkdirSync, readFileSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redact } from './redact.ts';
import { parseResultLine, type ResultLine } from './schema.ts';

export type ResultsWriter = { readonly runDir: string; readonly runId: string; append(line: Omit<ResultLine, 'run_id' | 'time'>): void };

/**
 * A new reports/<run-id>/ directory, with reports/latest pointing at it unless `link` is false: a caller that may
 * end before writing a report links it later (pointLatest), so `latest` never names an empty folder.
 */
export function createRunDir(root = 'reports', now = new Date(), link = true): { runDir: string; runId: string } {
  const runId = `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${Math.random().toString(36).slice(2, 6)}`;
  const runDir = resolve(root, runId);
  mkdirSync(runDir, { recursive: true });
  if (link) pointLatest(root, runId);
  return { runDir, runId };
}

/** reports/latest → <run-id> (a symlink, or a file naming it where links are not allowed). */
export function pointLatest(root: string, runId: string): void {
  const latest = join(root, 'latest');
  rmSync(latest, { force: true, recursive: false });
  try {
    symlinkSync(runId, latest);
  } catch {
    writeFileSync(latest, runId);
  }
}

/** One write per line, so writers in several processes can share the file. Secrets are masked first. */
export function createResultsWriter(runDir: string, runId: string): ResultsWriter {
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, 'results.jsonl');
  return {
    runDir, runId,
    append(line) {
      const full: ResultLine = { ...line, run_id: runId, time: new Date().toISOString() };
      appendFileSync(file, `${redact(JSON.stringify(full))}\n`);
    },
  };
}

export function readResults(runDir: string): ResultLine[] {
  const file = join(runDir, 'results.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => parseResultLine(l, i + 1));
}
