// The baseline of bench:emulator: a bare node:http server, in its own process,
// that answers every request with one captured emulator response (same
// status, header lines and body). Node adds Date, Connection and Keep-Alive to
// both alike, so on the wire the two differ only in the Date value.
//
//   node --import tsx scripts/bench/bare-server.ts RESPONSE.json [WORK_US]   → prints "listening on URL"
//
// WORK_US > 0 spends that many microseconds of CPU on each answer first: a
// calibration of what a given ratio to the bare server leaves a server to do.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../src/emulator/index.ts';

/** A response as captured off the wire: header lines in order, as sent. */
export type CannedResponse = { status: number; headers: Array<[string, string]>; body: string };

// Added by node:http to every response; the bare server lets node add them too.
const NODE_ADDED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function startBareServer(canned: CannedResponse, port = 0, workMicros = 0): Promise<{ server: Server; url: string }> {
  const headers = canned.headers.filter(([name]) => !NODE_ADDED.has(name.toLowerCase())).flat();
  const body = Buffer.from(canned.body);
  // The same keep-alive timeout as the emulator's server, so node writes the same Keep-Alive header.
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    req.resume();
    req.on('end', () => {
      if (workMicros > 0) spin(workMicros);
      res.writeHead(canned.status, headers);
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** Busy CPU for `micros` µs: the stand-in for a server's own work on an answer. */
function spin(micros: number): void {
  const until = process.hrtime.bigint() + BigInt(Math.round(micros * 1000));
  while (process.hrtime.bigint() < until);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const canned = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CannedResponse;
  const { server, url } = await startBareServer(canned, 0, Number(process.argv[3] ?? 0));
  process.stdout.write(`listening on ${url}\n`);
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}
