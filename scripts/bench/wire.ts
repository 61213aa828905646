// Raw HTTP/1.1 over a socket for the bench's setup and its byte-for-byte
// check: a response exactly as sent (status, header lines in order, body).

import { connect } from 'node:net';
import type { CannedResponse } from './bare-server.ts';
import type { WireSpec } from './generator.ts';

const DEADLINE_MS = 10_000;

/** A raw response split into status, header lines in order, and body. */
export function parseRaw(raw: Buffer): CannedResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('not an HTTP response: no end of headers');
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '');
  if (!status) throw new Error(`not an HTTP/1.1 status line: ${statusLine?.slice(0, 80)}`);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { status: Number(status[1]), headers, body: raw.subarray(end + 4).toString('utf8') };
}

/** One request, its response as sent. */
export async function capture(base: string, r: WireSpec): Promise<CannedResponse> {
  return parseRaw(await rawExchange(base, r));
}

/** The raw bytes of one response, read until the body is complete. */
export function rawExchange(base: string, r: WireSpec): Promise<Buffer> {
  const url = new URL(base);
  const body = Buffer.from(r.body);
  const head = [`${r.method} ${r.path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: keep-alive',
    ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), ...(body.length ? [`Content-Length: ${body.length}`] : [])];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer from ${base} within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      const length = /content-length: *(\d+)/i.exec(all.subarray(0, Math.max(end, 0)).toString('latin1'));
      if (end >= 0 && length && all.length >= end + 4 + Number(length[1])) {
        clearTimeout(timer);
        socket.end();
        resolve(all);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
  });
}
