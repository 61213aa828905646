// Debian's chromium, driven through playwright-core. Shared by every test or
// suite that runs code in a real browser (CORS, the clients suite's browser half).

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CSH_CHROMIUM ?? '/usr/bin/chromium';

/** undefined when chromium can run here; otherwise why not, with the fix. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no chromium at ${CHROMIUM_PATH} (install Debian's chromium: apt-get install -y chromium, or set CSH_CHROMIUM)`;
}

/** Headless, no network of its own (no component updates, sync, QUIC), sandbox off because CI runs as root. */
export function launchChromium(timeoutMs = 30_000): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH, timeout: timeoutMs,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
