// handleSummary: the k6 summary JSON, a JUnit file (one case per threshold),
// and the usual text on stdout. No jslib: everything here is bundled.
declare const __ENV: Record<string, string | undefined>;

type Threshold = { ok: boolean };
type SummaryData = { metrics: Record<string, { thresholds?: Record<string, Threshold>; values: Record<string, number> }> };

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junit(scenario: string, data: SummaryData): string {
  const cases: string[] = [];
  let failures = 0;
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      if (!t.ok) failures++;
      cases.push(`    <testcase classname="load.${xml(scenario)}" name="${xml(`${metric} ${expr}`)}">${t.ok ? '' : `<failure message="${xml(`${metric} ${expr} breached`)}"/>`}</testcase>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="load.${xml(scenario)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite></testsuites>\n`;
}

export function summaryFor(scenario: string) {
  return (data: SummaryData) => {
    const dir = __ENV.CSH_OUT_DIR ?? '.';
    return {
      [`${dir}/${scenario}-summary.json`]: JSON.stringify(data, null, 2),
      [`${dir}/${scenario}-junit.xml`]: junit(scenario, data),
      stdout: `${scenario}: ${Object.entries(data.metrics).flatMap(([m, v]) => Object.entries(v.thresholds ?? {}).map(([e, t]) => `${t.ok ? 'ok' : 'BREACHED'} ${m} ${e}`)).join('; ')}\n`,
    };
  };
}
