// CORS: the policy on its own, then preflights and response headers off a real socket on both services.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../server.ts';
import { corsPolicy, validCorsOrigin } from './cors.ts';

describe('origin patterns', () => {
  it('allows any localhost / 127.0.0.1 port by default and nothing else', () => {
    const p = corsPolicy();
    for (const o of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://localhost', 'https://127.0.0.1:8443', 'http://[::1]:8080']) {
      expect(p.allows(o), o).toBe(true);
    }
    for (const o of ['http://evil.example', 'http://localhost.evil.example:80', 'http://127.0.0.1:80x', 'null', 'http://127.0.0.10:80']) {
      expect(p.allows(o), o).toBe(false);
    }
  });

  it('takes exact origins, any-port origins and *', () => {
    const p = corsPolicy(['https://app.example', 'http://dev.example:*']);
    expect(p.allows('https://app.example')).toBe(true);
    expect(p.allows('https://app.example:8443')).toBe(false);
    expect(p.allows('http://dev.example:9000')).toBe(true);
    expect(p.allows('http://localhost:3000')).toBe(false);
    expect(corsPolicy(['*']).allows('https://anything.example')).toBe(true);
  });

  it('refuses what is not an origin', () => {
    for (const bad of ['localhost:3000', 'http://a.example/path', 'ftp://a.example', 'http://*.example', '']) expect(validCorsOrigin(bad), bad).toBe(false);
    expect(() => corsPolicy(['http://a.example/'])).toThrow(/not a CORS origin/);
  });
});

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(url: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

let emu: RunningEmulator;
let starOnly: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({});
  starOnly = await startEmulator({ corsOrigins: ['https://app.example'] });
});
afterAll(async () => {
  await emu.close();
  await starOnly.close();
});

const PAGE = 'http://127.0.0.1:43210';

describe('preflight', () => {
  it.each([
    ['Cognito Sync', '/identitypools/us-east-1%3Ax/identities/us-east-1%3Ay/datasets/d/records', 'POST', 'authorization,content-type,x-amz-date,x-amz-security-token,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request'],
    ['Cognito Identity', '/', 'POST', 'content-type,x-amz-target,x-amz-user-agent'],
    ['an unknown path', '/nothing/here', 'DELETE', 'x-amz-content-sha256'],
  ])('answers on %s with the origin, methods, requested headers and max-age', async (_name, path, method, requested) => {
    const r = await send(emu.url, 'OPTIONS', path, { origin: PAGE, 'access-control-request-method': method, 'access-control-request-headers': requested });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(PAGE);
    expect(r.headers.vary).toMatch(/Origin/);
    expect(String(r.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE']));
    expect(r.headers['access-control-allow-headers']).toBe(requested);
    expect(Number(r.headers['access-control-max-age'])).toBeGreaterThan(0);
  });

  it('lists the SDK headers when the preflight names none', async () => {
    const r = await send(emu.url, 'OPTIONS', '/', { origin: PAGE, 'access-control-request-method': 'POST' });
    const allowed = String(r.headers['access-control-allow-headers']).split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining([
      'authorization', 'content-type', 'x-amz-date', 'x-amz-target', 'x-amz-security-token', 'x-amz-content-sha256', 'x-amz-user-agent',
      'amz-sdk-invocation-id', 'amz-sdk-request',
    ]));
  });

  it('gives a disallowed origin no Access-Control headers', async () => {
    const r = await send(starOnly.url, 'OPTIONS', '/', { origin: PAGE, 'access-control-request-method': 'POST' });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const ok = await send(starOnly.url, 'OPTIONS', '/', { origin: 'https://app.example', 'access-control-request-method': 'POST' });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
  });
});

describe('responses', () => {
  it('carry the origin and expose the request ID, error type and Date on success and on error, on both services', async () => {
    const identity = await send(emu.url, 'POST', '/', {
      origin: PAGE, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId',
    }, JSON.stringify({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }));
    const sync = await send(emu.url, 'GET', '/identitypools/us-east-1%3Ax/identities/us-east-1%3Ay/datasets', { origin: PAGE });
    for (const r of [identity, sync]) {
      expect(r.status).toBeGreaterThanOrEqual(400); // no such pool / unsigned: an error response must be readable too
      expect(r.headers['access-control-allow-origin']).toBe(PAGE);
      const exposed = String(r.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['x-amzn-requestid', 'x-amzn-errortype', 'date']));
    }
  });

  it('add nothing to a request without an Origin', async () => {
    const r = await send(emu.url, 'GET', '/identitypools/us-east-1%3Ax/identities/us-east-1%3Ay/datasets', {});
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['x-amzn-errortype']).toBeDefined();
  });
});
