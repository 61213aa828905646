// handleSummary: the k6 summary JSON, a JUnit file (one case per check and
// per threshold), and a short text on stdout. No jslib: everything here is bundled.
declare const __ENV: Record<string, string | undefined>;

type Threshold = { ok: boolean };
export type SummaryCheck = { name: string; passes: number; fails: number };
export type SummaryGroup = { checks?: SummaryCheck[]; groups?: SummaryGroup[] };
type SummaryData = { metrics: Record<string, { thresholds?: Record<string, Threshold>; values: Record<string, number> }>; root_group?: SummaryGroup };

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every check of the summary, from the root group and every group below it. */
export function checksOf(g: SummaryGroup | undefined): SummaryCheck[] {
  if (!g) return [];
  return [...(g.checks ?? []), ...(g.groups ?? []).flatMap(checksOf)];
}

export function junit(scenario: string, data: SummaryData): string {
  const cases: string[] = [];
  let failures = 0;
  const add = (name: string, failure: string | undefined) => {
    if (failure) failures++;
    cases.push(`    <testcase classname="load.${xml(scenario)}" name="${xml(name)}">${failure ? `<failure message="${xml(failure)}"/>` : ''}</testcase>`);
  };
  for (const c of checksOf(data.root_group)) add(c.name, c.fails > 0 ? `${c.fails} of ${c.passes + c.fails} failed` : undefined);
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) add(`${metric} ${expr}`, t.ok ? undefined : `${metric} ${expr} breached`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="load.${xml(scenario)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite></testsuites>\n`;
}

export function summaryFor(scenario: string) {
  return (data: SummaryData) => {
    const dir = __ENV.CSH_OUT_DIR ?? '.';
    const failed = checksOf(data.root_group).filter((c) => c.fails > 0).map((c) => `FAILED ${c.name} (${c.fails}/${c.passes + c.fails})`);
    const thresholds = Object.entries(data.metrics).flatMap(([m, v]) => Object.entries(v.thresholds ?? {}).map(([e, t]) => `${t.ok ? 'ok' : 'BREACHED'} ${m} ${e}`));
    return {
      [`${dir}/${scenario}-summary.json`]: JSON.stringify(data, null, 2),
      [`${dir}/${scenario}-junit.xml`]: junit(scenario, data),
      stdout: `${scenario}: ${[...failed, ...thresholds].join('; ')}\n`,
    };
  };
}
