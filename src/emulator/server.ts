// node:http adapter for the emulator. Binds loopback by default and caps the
// request size while reading, so an oversize body never sits in memory whole.
// startEmulator serves the whole composed emulator; listen() serves any
// handler of the same shape (the Sync layer alone, in its own tests).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_TYPE_HEADER, ServiceError } from '../model/errors.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from './emulator.ts';
import type { FaultName } from './faults.ts';
import type { WireRequest, WireResponse } from './types.ts';
import { failure } from './wire/respond.ts';
import { corsPolicy, corsResponseHeaders, preflight, type CorsPolicy } from './wire/cors.ts';

/** What the socket adapter needs of an emulator. */
export type Servable = {
  handle(req: WireRequest): Promise<WireResponse>;
  readonly maxBodyBytes: number;
  readonly faults: ReadonlySet<FaultName>;
  /** Called after the socket closes (the durable emulator flushes and snapshots its state). */
  close?(): Promise<void>;
};

export type Listening<E extends Servable> = { url: string; host: string; port: number; emulator: E; close(): Promise<void> };
export type RunningEmulator = Listening<Emulator>;
/** corsOrigins: origin patterns browsers may call from (wire/cors.ts); default any localhost / 127.0.0.1 / [::1] port. */
export type ListenOptions = { host?: string; port?: number; corsOrigins?: readonly string[] };

/**
 * How long an idle keep-alive connection stays open (node announces it in a Keep-Alive header). Longer
 * than its clients keep one: node's global agent (the v2 SDK's) lets go after 5 s; the v3 SDK's default
 * agent has no timeout of its own, so it never lets go and ignores that header. With the server at 5 s,
 * a client could send on a socket the server was closing and read ECONNRESET, which the clients suite hit.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function startEmulator(opts: EmulatorOptions & ListenOptions = {}): Promise<RunningEmulator> {
  return listen(createEmulator(opts), opts);
}

export async function listen<E extends Servable>(emulator: E, opts: ListenOptions = {}): Promise<Listening<E>> {
  const cors = corsPolicy(opts.corsOrigins);
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => serve(emulator, cors, req, res));
  // A client that sends garbage at the HTTP level gets a 400 and a closed socket; the server lives on.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\n${ERROR_TYPE_HEADER}: SerializationException\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`, host, port, emulator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close?.();
    },
  };
}

function serve(emulator: Servable, cors: CorsPolicy, req: IncomingMessage, res: ServerResponse): void {
  // A browser's preflight carries no credentials: it is answered here, before routing or SigV4.
  if (req.method === 'OPTIONS') {
    const answer = preflight(cors, req.headers);
    req.resume();
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  // Stream events rather than an async iterator: this is the emulator's hot path.
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > emulator.maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const wireHeaders = headersOf(req);
    const wire: WireRequest = {
      method: req.method ?? 'GET', path: q < 0 ? rawUrl : rawUrl.slice(0, q), query: q < 0 ? '' : rawUrl.slice(q + 1),
      headers: wireHeaders, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
    };
    const pending = tooLarge
      ? Promise.resolve(failure(new ServiceError('RequestEntityTooLargeException', `Request body is larger than ${emulator.maxBodyBytes} bytes`), emulator.faults))
      : emulator.handle(wire);
    void pending.then((response) => {
      if (tooLarge) response.headers.connection = 'close';
      if (req.headers.origin !== undefined) Object.assign(response.headers, corsResponseHeaders(cors, req.headers.origin));
      if (response.parts) return writeParts(res, response.status, response.headers, response.parts);
      // A string body goes to node as a string, not a Buffer: a fresh Buffer per answer is an ArrayBuffer outside
      // the V8 heap, and their churn drove full (mark-compact) collections in the ListRecords profile. When every
      // character is ASCII (the byte length equals the length) latin1 writes the same bytes as UTF-8 without
      // encoding them again.
      const { body } = response;
      const length = Buffer.byteLength(body);
      res.writeHead(response.status, headerList(response.headers, length));
      res.end(body, length === body.length ? 'latin1' : 'utf8');
    });
  });
}

/**
 * A body in chunks (a cached page's bytes between short strings): node corks the socket for the first
 * write and sends the chunks together in one writev, the bytes as they are.
 */
function writeParts(res: ServerResponse, status: number, headers: Record<string, string>, parts: ReadonlyArray<string | Uint8Array>): void {
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength;
  res.writeHead(status, headerList(headers, length));
  // The strings are a few members each: measuring them twice costs less than keeping their lengths.
  for (const part of parts) {
    if (typeof part !== 'string') res.write(part);
    else res.write(part, Buffer.byteLength(part) === part.length ? 'latin1' : 'utf8');
  }
  res.end();
}

/**
 * The request's headers as the emulator reads them: lower-case names, one string each. node:http
 * already joins repeated headers into one string, except set-cookie (an array); only then is a copy
 * made, so the common request costs no copy of its headers.
 */
function headersOf(req: IncomingMessage): Record<string, string> {
  const h = req.headers;
  if (h['set-cookie'] === undefined) return h as Record<string, string>;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  return headers;
}

/** The response's header lines as node takes them flat (name, value, …), in order, content-length last. */
function headerList(headers: Record<string, string>, length: number): string[] {
  const list: string[] = [];
  for (const name in headers) list.push(name, headers[name]!);
  list.push('content-length', String(length));
  return list;
}
