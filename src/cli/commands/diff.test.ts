import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../results/writer.ts';
import { diffCommand } from './diff.ts';

describe('diff command', () => {
  it('exits 1 on a divergence, prints it with the replay command, and writes result lines and the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-diff-'));
    let text = '';
    const code = await diffCommand({ referenceFault: ['write-dropped'], seed: '3', numRuns: '60', reportDir: dir }, (s) => { text += s; });
    expect(code).toBe(1);
    expect(text).toMatch(/DIVERGENCE after \d step/);
    const replay = /replay: (.*)/.exec(text)?.[1];
    expect(replay).toMatch(/^npx cognito-sync-harness diff --target emulator --reference emulator --reference-fault write-dropped --seed 3 --path \S+$/);
    const lines = readResults(dir);
    const main = lines.find((l) => l.case === 'diff/lockstep')!;
    expect(main).toMatchObject({ suite: 'diff', status: 'fail', details: { failure: 'assertion', replay } });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('--reference-fault write-dropped');

    // The replay command reproduces the same shrunk counterexample at once.
    let again = '';
    const path = /--path (\S+)/.exec(replay!)![1]!;
    expect(await diffCommand({ referenceFault: ['write-dropped'], seed: '3', path }, (s) => { again += s; })).toBe(1);
    expect(again.split('\n').filter((l) => /^ {2}\d+\. /.test(l))).toEqual(text.split('\n').filter((l) => /^ {2}\d+\. /.test(l)));
  });

  it('exits 0 against a legally different emulator, naming the variant', async () => {
    let text = '';
    const code = await diffCommand({ referenceVariant: ['deleted-flag-true'], seed: '3', numRuns: '40' }, (s) => { text += s; });
    expect(code).toBe(0);
    expect(text).toMatch(/^LEGAL deleted-flag-true: \d+/m);
    expect(text).toMatch(/^PASS · 40 sequences/m);
  });
});
