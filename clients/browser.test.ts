// Without chromium the browser cases say so: not-applicable with the reason on a
// developer's machine, a setup failure in CI (which installs it). Never silent.
import { describe, expect, it } from 'vitest';
import type { Target } from '../src/target/index.ts';
import { runInBrowser } from './browser.ts';
import { BROWSER_CASES } from './cases.ts';

const names = Object.values(BROWSER_CASES);
// No call reaches the target when the browser is missing; only its name is reported.
const target = { name: 'emulator' } as Target;

describe('browser cases without chromium', () => {
  it('are not-applicable with the reason outside CI', async () => {
    const lines = await runInBrowser(target, names, { CSH_CHROMIUM: '/nonexistent/chromium' });
    expect(lines.map((l) => [l.case, l.status])).toEqual(names.map((n) => [n, 'not-applicable']));
    for (const l of lines) expect(l.reason).toMatch(/^the browser half needs headless Chromium: no chromium at \/nonexistent\/chromium \(install Debian's chromium/);
  });

  it('fail as a setup failure in CI', async () => {
    const lines = await runInBrowser(target, names, { CSH_CHROMIUM: '/nonexistent/chromium', CI: 'true' });
    expect(lines.map((l) => [l.status, l.details?.failure])).toEqual(names.map(() => ['fail', 'setup']));
    for (const l of lines) expect(l.reason).toMatch(/CI must provide it$/);
  });
});
