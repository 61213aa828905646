// What a CI job needs from the CLI: it ends on its own, refuses bad input with one line
// and exit 2, and leaves a report behind however the run ended.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/cognito-sync-harness.js', import.meta.url));

type Ran = { code: number | null; stdout: string; stderr: string; firstOutputMs: number | undefined; ms: number };

function cli(args: string[], opts: { killAfterMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let firstOutputMs: number | undefined;
    const first = () => (firstOutputMs ??= Date.now() - started);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 40_000);
    child.stdout.on('data', (d: Buffer) => { first(); stdout += d; });
    child.stderr.on('data', (d: Buffer) => { first(); stderr += d; });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, firstOutputMs, ms: Date.now() - started });
    });
  });
}

const reportRoot = () => mkdtempSync(join(tmpdir(), 'csh-ci-'));
const resultLines = (dir: string) => readFileSync(join(dir, 'latest', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a target that accepts connections but never answers', () => {
  let server: Server;
  let url: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((s) => { sockets.push(s); s.on('data', () => {}); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('fails `run --suite contracts` within 30 s, exit 3, one line naming the target and the fix, and a report', async () => {
    const dir = reportRoot();
    const r = await cli(['run', '--target', url, '--suite', 'contracts', '--report-dir', dir]);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.code).toBe(3);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(url);
    expect(errors[0]).toMatch(/did not answer within 10 s.*--request-timeout/);
    for (const f of ['results.jsonl', 'junit.xml', 'index.html']) expect(existsSync(join(dir, 'latest', f)), f).toBe(true);
    expect(resultLines(dir).at(-1)).toMatchObject({ case: 'run ended early', status: 'fail', details: { failure: 'setup' } });
  }, 45_000);

  it('honours --request-timeout', async () => {
    const r = await cli(['run', '--target', url, '--suite', 'contracts', '--request-timeout', '1', '--report-dir', reportRoot()]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(8_000);
    expect(r.stderr).toMatch(/did not answer within 1 s/);
  }, 20_000);
});

describe('bad input is refused before anything runs', () => {
  const bad: Array<[string, string[], RegExp]> = [
    ['a seed that is not a number', ['--seed', 'abc'], /--seed takes an integer/],
    ['a fractional seed', ['--seed', '1.5'], /--seed takes an integer/],
    ['an unknown credential mode', ['--credential-mode', 'foo'], /Allowed choices are developer, identity/],
    ['an unknown suite', ['--suite', 'contracts,nope'], /Unknown suite "nope"/],
    ['an empty suite list', ['--suite', ','], /names no suite/],
    ['a negative watchdog', ['--timeout', '-1'], /--timeout takes a number of seconds/],
    ['a request timeout that is not a number', ['--request-timeout', 'soon'], /--request-timeout takes a number of seconds/],
    ['an unknown flag', ['--bogus'], /unknown option '--bogus'/],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: one line, exit 2, no run folder and reports/latest untouched`, async () => {
      const dir = reportRoot();
      mkdirSync(join(dir, 'earlier'));
      symlinkSync('earlier', join(dir, 'latest'));
      const r = await cli(['run', ...args, '--report-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readdirSync(dir).sort()).toEqual(['earlier', 'latest']);
      expect(readlinkSync(join(dir, 'latest'))).toBe('earlier');
    }, 20_000);
  }
});

describe('the whole-run watchdog', () => {
  it('ends a run past --timeout cleanly: exit 3, the reason as a result line, reports written, latest moved to them', async () => {
    const dir = reportRoot();
    const r = await cli(['run', '--suite', 'properties', '--timeout', '2', '--report-dir', dir]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/did not end within its --timeout of 2 s/);
    for (const f of ['results.jsonl', 'junit.xml', 'index.html']) expect(existsSync(join(dir, 'latest', f)), f).toBe(true);
    const last = resultLines(dir).at(-1);
    expect(last).toMatchObject({ case: 'run ended early', status: 'fail', details: { failure: 'interrupt' } });
    expect(readFileSync(join(dir, 'latest', 'junit.xml'), 'utf8')).toContain('run ended early');
  }, 30_000);
});

describe('exit codes and --version', () => {
  it('--version prints package.json\'s version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('--help of the program and of run list the exit codes, and the README lists the same ones', async () => {
    const codes = ['0', '1', '2', '3', '4', '5', '130'];
    for (const args of [['--help'], ['run', '--help']]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      const listed = [...r.stdout.slice(r.stdout.indexOf('Exit codes:')).matchAll(/^ {2}(\d+) /gm)].map((m) => m[1]);
      expect(listed, args.join(' ')).toEqual(codes);
    }
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'));
    expect([...section.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]).slice(0, codes.length)).toEqual(codes);
  });

  it('a commander parse error (missing argument) is a usage error: exit 2', async () => {
    const r = await cli(['load']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('load and capacity refuse bad profiles, rates and thresholds before starting a target: exit 2', async () => {
    for (const args of [
      ['load', 'list-records', '--profile', 'nope'], ['load', 'list-records', '--rate', '-3'], ['load', 'list-records', '--rate-cap', 'x'],
      ['load', 'list-records', '--error-rate', '2'], ['load', 'list-records', '--p95', '0'], ['load', 'list-records', '--duration', 'soon'],
      ['capacity', 'list-records', '--p99', 'x'], ['capacity', 'list-records', '--start-rate', '100', '--max-rate', '10'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  }, 60_000);
});

describe('which target a run uses, and its first line', () => {
  // Only what the child needs: no AWS_* of the machine leaks in, and no instance metadata is ever asked.
  const home = mkdtempSync(join(tmpdir(), 'csh-home-'));
  const clean: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  };
  let emulator: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    const { startEmulator } = await import('../emulator/index.ts');
    emulator = await startEmulator({});
  });
  afterAll(() => emulator.close());

  it('the endpoint variable alone selects the URL target, named with its region and masked credentials on the first line', async () => {
    const r = await cli(['run', '--suite', 'contracts', '--report-dir', reportRoot()], { env: { ...clean, AWS_ENDPOINT_URL_COGNITO_SYNC: emulator.url } });
    expect(r.stdout.split('\n')[0]).toBe(`target url ${emulator.url} · region us-east-1 · credentials: emulator developer key EMUL…EY`);
    expect(r.code).toBe(0);
  }, 60_000);

  it('an explicit --target wins over the endpoint variable', async () => {
    const r = await cli(['run', '--target', 'emulator', '--suite', 'contracts', '--report-dir', reportRoot()], { env: { ...clean, AWS_ENDPOINT_URL_COGNITO_SYNC: 'http://127.0.0.1:9' } });
    expect(r.stdout.split('\n')[0]).toMatch(/^target emulator http:\/\/127\.0\.0\.1:\d+ · /);
    expect(r.stdout.split('\n')[0]).not.toContain(':9 ');
    expect(r.code).toBe(0);
  }, 60_000);

  it('honours the region of AWS_PROFILE\'s config, and never prints a secret', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'config'), '[default]\nregion = us-west-2\n[profile ci]\nregion = eu-west-3\n');
    try {
      const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
      // The emulator verifies signatures against its own key, so the run fails; the first line is what matters here.
      const r = await cli(['run', '--suite', 'contracts', '--request-timeout', '2', '--report-dir', reportRoot()], {
        env: { ...clean, AWS_PROFILE: 'ci', AWS_ENDPOINT_URL_COGNITO_SYNC: emulator.url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: secret },
      });
      expect(r.stdout.split('\n')[0]).toBe(`target url ${emulator.url} · region eu-west-3 · credentials: environment AWS_ACCESS_KEY_ID AKIA…LE`);
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect(r.stdout + r.stderr).not.toContain('AKIAIOSFODNN7EXAMPLE');
    } finally {
      writeFileSync(join(home, 'config'), '');
    }
  }, 60_000);

  it('missing AWS credentials: one line naming the credential chain and the fix, exit 2, nothing sent', async () => {
    const r = await cli(['run', '--target', 'aws', '--allow-aws', '--identity-pool-id', 'us-east-1:00000000-0000-0000-0000-000000000000', '--suite', 'contracts', '--report-dir', reportRoot()], { env: clean });
    expect(r.code).toBe(2);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: No usable AWS credentials .*AWS_ACCESS_KEY_ID.*AWS_PROFILE.*\. Set AWS_PROFILE/);
  }, 30_000);

  it('half a key pair in the environment is refused in one line, exit 2', async () => {
    const r = await cli(['run', '--suite', 'contracts', '--report-dir', reportRoot()], { env: { ...clean, AWS_ENDPOINT_URL_COGNITO_SYNC: emulator.url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  }, 30_000);
});

describe('a quiet log', () => {
  it('a passing default run under NO_COLOR: at most 20 lines, no escape codes, a start and a summary line per suite, the verifier\'s report in the run folder', async () => {
    const dir = reportRoot();
    const r = await cli(['run', '--report-dir', dir], { env: { ...process.env, NO_COLOR: '1' }, killAfterMs: 240_000 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(r.stdout + r.stderr).not.toMatch(/\x1b/);
    expect(lines[0]).toMatch(/^target emulator /);
    for (const suite of ['contracts', 'properties', 'load']) {
      expect(lines).toContain(`${suite}: started`);
      expect(lines.some((l) => new RegExp(`^${suite}: \\d+ pass \\(\\d+\\.\\d s\\)$`).test(l)), suite).toBe(true);
    }
    // The clients suite reports amazon-cognito-js's own defects as expected failures (clients/README.md).
    expect(lines).toContain('clients: started');
    expect(lines.some((l) => /^clients: \d+ pass, \d+ expected-fail \(\d+\.\d s\)$/.test(l)), 'clients').toBe(true);
    expect(r.stdout).not.toContain('Verifying a pact');
    expect(readFileSync(join(dir, 'latest', 'pact-verifier.log'), 'utf8')).toContain('Verifying a pact between');
    // The report shows the seed and the resolved target, and links every k6 dashboard and summary of the run folder.
    const html = readFileSync(join(dir, 'latest', 'index.html'), 'utf8');
    const seed = /^PASS seed (\d+) /m.exec(r.stdout)?.[1];
    expect(html).toContain(`seed ${seed}`);
    expect(html).toContain(lines[0]!.replace(/&/g, '&amp;'));
    const made = readdirSync(join(dir, 'latest')).filter((f) => /-(dashboard\.html|summary\.json)$/.test(f));
    expect(made.length).toBeGreaterThanOrEqual(6);
    for (const f of made) expect(html, f).toContain(`<a href="${f}">`);
    expect(html).toContain('<a href="pact-verifier.log">');
  }, 250_000);

  it('a failing run: one line per failure with the case, the reason and the replay command; --verbose brings the verifier back, uncoloured when piped', async () => {
    const dir = reportRoot();
    const r = await cli(['run', '--suite', 'contracts,properties', '--fault', 'always-conflict', '--verbose', '--report-dir', dir]);
    expect(r.code).toBe(1);
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('  FAIL '));
    const results = resultLines(dir).filter((l) => l.status === 'fail');
    expect(fails).toHaveLength(results.length);
    for (const l of results) expect(fails.some((f) => f.startsWith(`  FAIL ${String(l.suite)} ${String(l.case)}: `)), String(l.case)).toBe(true);
    for (const f of fails.filter((l) => l.startsWith('  FAIL properties'))) expect(f).toMatch(/ · replay: npx cognito-sync-harness properties --case \S+ --seed \d+ --path '[^']+'$/);
    expect(r.stdout).toContain('Verifying a pact between cognito-sync-harness and cognito-sync');
    expect(r.stdout).not.toMatch(/\x1b/);
  }, 120_000);
});

describe('selfcheck is quiet too', () => {
  it('prints its table without the Pact verifier\'s report, and names where that report went', async () => {
    const r = await cli(['selfcheck', '--fault', 'settings-not-stored', '--no-variants', '--no-together'], { killAfterMs: 110_000 });
    expect(r.stdout).toMatch(/^selfcheck · seed \d+/);
    expect(r.stdout).toMatch(/settings-not-stored +caught/);
    expect(r.stdout).not.toContain('Verifying a pact');
    const path = /Pact verifier output: (\S+)/.exec(r.stderr)?.[1];
    expect(path).toBeDefined();
    expect(readFileSync(path!, 'utf8')).toContain('Verifying a pact between');
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('Ctrl-C', () => {
  it('still writes results.jsonl, junit.xml and index.html with what finished and the interruption as a result line; exit 130', async () => {
    const dir = reportRoot();
    const child = spawn(process.execPath, [BIN, 'run', '--suite', 'contracts,properties', '--report-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    for (let i = 0; i < 300 && !stdout.includes('properties: started'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toContain('contracts: 30 pass');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    for (const f of ['results.jsonl', 'junit.xml', 'index.html']) expect(existsSync(join(dir, 'latest', f)), f).toBe(true);
    const results = resultLines(dir);
    expect(results.filter((l) => l.suite === 'contracts' && l.status === 'pass')).toHaveLength(30);
    expect(results.at(-1)).toMatchObject({ case: 'run ended early', status: 'fail', details: { failure: 'interrupt' } });
  }, 60_000);
});

describe('--config and cognito-sync-harness.config.json', () => {
  const inDir = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-config-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  function cliIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
    return new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, firstOutputMs: undefined, ms: Date.now() - started });
      });
    });
  }

  it('--config FILE supplies options; a flag overrides it', async () => {
    const dir = inDir({ 'ci.json': JSON.stringify({ suite: 'contracts', seed: 4242, reportDir: 'out' }) });
    const r = await cliIn(dir, ['run', '--config', 'ci.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('contracts: started');
    expect(r.stdout).not.toContain('properties: started');
    expect(r.stdout).toMatch(/^PASS seed 4242 /m);
    expect(existsSync(join(dir, 'out', 'latest', 'index.html'))).toBe(true);
    const flagged = await cliIn(dir, ['run', '--config', 'ci.json', '--seed', '7']);
    expect(flagged.stdout).toMatch(/^PASS seed 7 /m);
  }, 60_000);

  it('cognito-sync-harness.config.json in the working directory is read without --config, and overrides the environment', async () => {
    const dir = inDir({ 'cognito-sync-harness.config.json': JSON.stringify({ target: 'emulator', suite: 'contracts', reportDir: 'out' }) });
    const r = await cliIn(dir, ['run'], { ...process.env, AWS_ENDPOINT_URL_COGNITO_SYNC: 'http://127.0.0.1:9' });
    expect(r.stdout.split('\n')[0]).toMatch(/^target emulator /);
    expect(r.code).toBe(0);
  }, 60_000);

  it('refuses bad values, unknown keys, bad JSON and a missing --config file in one line, exit 2, before running', async () => {
    const dir = inDir({
      'seed.json': '{"seed": "abc"}', 'mode.json': '{"credentialMode": "foo"}', 'key.json': '{"bogus": 1}', 'broken.json': '{"seed": ',
      'aws.json': '{"allowAws": "yes"}',
    });
    const cases: Array<[string, RegExp]> = [
      ['seed.json', /"seed": --seed takes an integer/], ['mode.json', /"credentialMode" must be one of developer, identity/],
      ['key.json', /unknown key "bogus"/], ['broken.json', /is not valid JSON/], ['aws.json', /"allowAws" must be true or false/],
      ['missing.json', /--config missing\.json: no such file/],
    ];
    for (const [file, message] of cases) {
      const r = await cliIn(dir, ['run', '--config', file, '--report-dir', 'out']);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr, file).toMatch(message);
      expect(existsSync(join(dir, 'out')), file).toBe(false);
    }
  }, 60_000);
});
