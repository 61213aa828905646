import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { KEEP_ALIVE_TIMEOUT_MS, startEmulator } from './index.ts';

// Node's own agent drops an idle socket after 5 s; a server that closed at the same moment let a client
// send on a closing socket and read ECONNRESET. The emulator must outlast the agent, and say so.
describe('keep-alive', () => {
  it('keeps an idle connection longer than node\'s agent does, and announces it', async () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(5_000);
    const emu = await startEmulator({ auth: 'off' });
    try {
      const header = await new Promise<string | undefined>((resolve, reject) => {
        const req = request(`${emu.url}/_emulator/health`, { timeout: 5_000 }, (res) => {
          res.resume();
          resolve(res.headers['keep-alive'] as string | undefined);
        });
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
        req.end();
      });
      expect(header).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    } finally {
      await emu.close();
    }
  });
});
