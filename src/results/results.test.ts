import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJunit, verdictOf } from './junit.ts';
import { redact } from './redact.ts';
import { parseResultLine, ResultLineError, type ResultLine } from './schema.ts';
import { createResultsWriter, readResults } from './writer.ts';

const line = (over: Partial<ResultLine> = {}): ResultLine => ({
  suite: 'properties', case: 'c', operation: 'ListRecords', target: 'emulator', status: 'pass', duration_ms: 5,
  reason: null, seed: '1', run_id: 'r', time: '2026-01-01T00:00:00Z', ...over,
});

describe('results lines', () => {
  it('round-trip through the writer, masking secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-results-'));
    const w = createResultsWriter(dir, 'run1');
    w.append({ suite: 'contracts', case: 'x', operation: null, target: 'emulator', status: 'fail', duration_ms: 1, seed: null,
      reason: 'Authorization: AWS4-HMAC-SHA256 Credential=ASIAABCDEFGHIJKLMNOP/20260101/us-east-1/cognito-sync/aws4_request, Signature=0123456789abcdef0123 secretAccessKey=wJalrXUtnFEMIK7MDENG' });
    const [read] = readResults(dir);
    expect(read).toMatchObject({ suite: 'contracts', run_id: 'run1', status: 'fail' });
    const raw = readFileSync(join(dir, 'results.jsonl'), 'utf8');
    expect(raw).not.toMatch(/ASIAABCDEFGHIJKLMNOP|0123456789abcdef0123|wJalrXUtnFEMIK7MDENG/);
  });

  it('refuse a malformed line, naming the field', () => {
    expect(() => parseResultLine(JSON.stringify({ ...line(), status: 'green' }), 3)).toThrow(new ResultLineError('results line 3: "status" must be pass|fail|expected-fail|skip|not-applicable'));
    expect(() => parseResultLine('{', 1)).toThrow(/not JSON/);
  });

  it('refuse a not-applicable line without its reason', () => {
    expect(() => parseResultLine(JSON.stringify(line({ status: 'not-applicable', reason: null })), 2)).toThrow(/"reason" must be a string saying why the case is not-applicable/);
    expect(parseResultLine(JSON.stringify(line({ status: 'not-applicable', reason: 'no in-progress state' }))).status).toBe('not-applicable');
  });

  it('mask access keys and session tokens in free text', () => {
    expect(redact('key AKIAIOSFODNN7EXAMPLE and "SessionToken":"abc+/def"')).toBe('key AKIA**** and "SessionToken":"****"');
    expect(redact('"X-Amz-Security-Token" with value "IQoJb3JpZ2luX2VjEFAKE"')).toBe('"X-Amz-Security-Token" with value "****"');
    // Pact Broker credentials: a bearer or basic Authorization value, and user:password in a URL.
    expect(redact('Authorization: Bearer pb-token-4f0c2e9d7a1b; Basic dXNlcjpwYXNzd29yZA==')).toBe('Authorization: Bearer ****; Basic ****');
    expect(redact('broker https://ci:s3cret@broker.example.com/x and http://127.0.0.1:9292/')).toBe('broker https://****@broker.example.com/x and http://127.0.0.1:9292/');
  });
});

describe('JUnit and verdict', () => {
  it('escapes XML and maps statuses to failure and skipped', () => {
    const xml = buildJunit([line(), line({ case: 'bad <&> "quote"\u0001', status: 'fail', reason: 'boom & bust' }), line({ case: 'known', status: 'expected-fail', reason: 'AWS differs' })]);
    expect(xml).toContain('name="bad &lt;&amp;&gt; &quot;quote&quot;"');
    expect(xml).toContain('<failure message="boom &amp; bust">');
    expect(xml).toContain('<skipped message="expected failure: AWS differs"/>');
    expect(xml).toContain('tests="3" failures="1" skipped="1"');
  });

  it('reports a not-applicable case as a JUnit skip carrying its reason, never as a pass or a failure', () => {
    const xml = buildJunit([line({ status: 'not-applicable', reason: 'the target finishes a bulk publish at once' })]);
    expect(xml).toContain('<skipped message="not applicable: the target finishes a bulk publish at once"/>');
    expect(xml).toContain('tests="1" failures="0" skipped="1"');
    expect(verdictOf([line(), line({ status: 'not-applicable', reason: 'r' })])).toMatchObject({ pass: true, counts: { pass: 1, 'not-applicable': 1 } });
  });

  it('passes only with no failure, and not on an empty run', () => {
    expect(verdictOf([line(), line({ status: 'expected-fail' })]).pass).toBe(true);
    expect(verdictOf([line(), line({ status: 'fail' })]).pass).toBe(false);
    expect(verdictOf([]).pass).toBe(false);
  });
});
