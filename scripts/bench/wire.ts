// Plain node:http calls for the bench's setup and its byte-for-byte check:
// capture a response as sent (status, header lines in order, body), and read
// a raw response off a socket.

import { request } from 'node:http';
import { connect } from 'node:net';
import type { CannedResponse } from './bare-server.ts';
import type { WireSpec } from './generator.ts';

const DEADLINE_MS = 10_000;

export function capture(base: string, r: WireSpec): Promise<CannedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(base + r.path, { method: r.method, headers: r.headers, timeout: DEADLINE_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${base} within ${DEADLINE_MS} ms`)));
    req.on('error', reject);
    req.end(r.body || undefined);
  });
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
