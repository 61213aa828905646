// JUnit XML for CI, built from the result lines.
import type { ResultLine } from './schema.ts';

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest escaped.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function buildJunit(lines: ResultLine[]): string {
  const suites = new Map<string, ResultLine[]>();
  for (const l of lines) suites.set(l.suite, [...(suites.get(l.suite) ?? []), l]);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="cognito-sync-harness">'];
  for (const [suite, cases] of suites) {
    const failures = cases.filter((c) => c.status === 'fail').length;
    const skipped = cases.filter((c) => c.status === 'skip' || c.status === 'expected-fail' || c.status === 'not-applicable').length;
    const time = cases.reduce((t, c) => t + c.duration_ms, 0) / 1000;
    out.push(`  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${time.toFixed(3)}">`);
    // CI tools merge test cases of one name; a case reported twice (e.g. per load scenario) keeps both.
    const seen = new Map<string, number>();
    for (const c of cases) {
      const classname = `${suite}.${c.operation ?? 'all'}`;
      const n = (seen.get(`${classname}\u0000${c.case}`) ?? 0) + 1;
      seen.set(`${classname}\u0000${c.case}`, n);
      const name = n === 1 ? c.case : `${c.case} #${n}`;
      const open = `    <testcase classname="${xml(classname)}" name="${xml(name)}" time="${(c.duration_ms / 1000).toFixed(3)}"`;
      if (c.status === 'pass') out.push(`${open}/>`);
      else {
        const body = c.status === 'fail'
          ? `<failure message="${xml((c.reason ?? 'failed').split('\n')[0]!)}">${xml(`${c.reason ?? ''}${c.seed ? `\nseed: ${c.seed}` : ''}`)}</failure>`
          : `<skipped message="${xml(skipMessage(c))}"/>`;
        out.push(`${open}>${body}</testcase>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function skipMessage(c: ResultLine): string {
  if (c.status === 'expected-fail') return `expected failure: ${c.reason ?? ''}`;
  if (c.status === 'not-applicable') return `not applicable: ${c.reason ?? ''}`;
  return c.reason ?? 'skipped';
}

export function verdictOf(lines: ResultLine[]): { pass: boolean; counts: Record<ResultLine['status'], number> } {
  const counts = { pass: 0, fail: 0, 'expected-fail': 0, skip: 0, 'not-applicable': 0 };
  for (const l of lines) counts[l.status]++;
  return { pass: counts.fail === 0 && lines.length > 0, counts };
}
