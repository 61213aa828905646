// A tiny static server on its own loopback port: a page served from here is on
// another origin than the target, so the browser applies CORS as it would to a real app.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PageServer = { origin: string; close(): Promise<void> };

/** Serves the given files (path → content) from 127.0.0.1 on a free port; anything else is 404. */
export async function servePages(files: Record<string, string>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = files[path];
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A blank page that loads one script. */
export function pageWithScript(script: string): string {
  return `<!doctype html><meta charset="utf-8"><title>cognito-sync-harness</title><script src="${script}"></script>`;
}
