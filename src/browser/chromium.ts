// Debian's chromium, driven through playwright-core. Shared by every test or
// suite that runs code in a real browser (CORS, the clients suite's browser half).

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, unless CSH_CHROMIUM names another binary. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CSH_CHROMIUM ?? '/usr/bin/chromium';
}

/** undefined when chromium can run here; otherwise why not, with the fix. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = chromiumPath(env);
  return existsSync(path) ? undefined : `no chromium at ${path} (install Debian's chromium: apt-get install -y chromium, or set CSH_CHROMIUM)`;
}

/** Headless, no network of its own (no component updates, sync, QUIC), sandbox off because CI runs as root. */
export function launchChromium(timeoutMs = 30_000): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(), timeout: timeoutMs,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
