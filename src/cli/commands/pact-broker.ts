// The Pact Broker side of `contracts`: which broker, and the commands that
// wrap the official Pact CLI (publish, can-i-deploy, record-deployment,
// record-release). Credentials travel only in the environment
// (PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD), never
// on a command line, and the CLI's output is masked before it is printed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { HarnessError } from '../../harness-error.ts';
import { redact } from '../../results/redact.ts';

/** The deadline of one Pact CLI call: its own retries back off for up to about two minutes. */
export const BROKER_CLI_TIMEOUT_MS = 180_000;

/** --broker's value: an http(s) URL. */
export function brokerUrlFlag(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`--broker takes the Pact Broker's base URL (http or https), not "${redact(value)}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`--broker takes an http or https URL, not "${redact(value)}".`);
  return value.replace(/\/+$/, '');
}

/** A required name such as a version or an environment: not empty, no spaces at the ends. */
export function nameFlag(flag: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '' || value.trim() !== value) throw new InvalidArgumentError(`${flag} takes a non-empty value without surrounding spaces, not "${value}".`);
    return value;
  };
}

/** The broker's URL: the flag, else PACT_BROKER_BASE_URL. */
export function brokerUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag) return flag;
  const fromEnv = env.PACT_BROKER_BASE_URL?.trim();
  if (!fromEnv) return undefined;
  try {
    return brokerUrlFlag(fromEnv);
  } catch (e) {
    throw new HarnessError(`PACT_BROKER_BASE_URL: ${(e as Error).message.replace(/^--broker takes/, 'must be').replace(/\.$/, '')}`, 'Set it to the broker\'s base URL, or unset it');
  }
}

/** Masks the broker credentials found in the environment, wherever they appear, on top of the usual rules. */
export function maskBrokerSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const secret of [env.PACT_BROKER_TOKEN, env.PACT_BROKER_PASSWORD]) {
    if (secret && secret.length >= 4) out = out.split(secret).join('****');
  }
  return redact(out);
}

export type BrokerCliRun = (args: string[], env: NodeJS.ProcessEnv) => { status: number | null; stdout: string; stderr: string; timedOut: boolean };

/** Runs the official Pact CLI's `pact broker …` (the @pact-foundation/pact-cli package). */
export const runPactCli: BrokerCliRun = (args, env) => {
  const pkg = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/package.json');
  const r = spawnSync(process.execPath, [join(dirname(pkg), 'bin', 'pact-broker.js'), ...args], { env, encoding: 'utf8', timeout: BROKER_CLI_TIMEOUT_MS, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
};

/**
 * One Pact CLI call against the broker. The URL goes to the CLI through
 * PACT_BROKER_BASE_URL (the CLI reads it, and so a URL with credentials in it
 * is not on the command line either). Returns the exit code to use.
 */
export function brokerCli(args: string[], flags: { broker?: string }, opts: { env?: NodeJS.ProcessEnv; run?: BrokerCliRun; write?: (s: string) => void; writeErr?: (s: string) => void } = {}): number {
  const env = opts.env ?? process.env;
  const url = brokerUrl(flags.broker, env);
  if (!url) throw new HarnessError('No Pact broker is configured', 'Pass --broker URL or set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN); without a broker, use the files in contracts/pacts');
  const r = (opts.run ?? runPactCli)(args, { ...env, PACT_BROKER_BASE_URL: url });
  const write = opts.write ?? ((s) => void process.stdout.write(s));
  const writeErr = opts.writeErr ?? ((s) => void process.stderr.write(s));
  if (r.stdout) write(maskBrokerSecrets(r.stdout, env));
  if (r.stderr) writeErr(maskBrokerSecrets(r.stderr, env));
  if (r.timedOut) throw new HarnessError(`The Pact CLI got no answer from the broker within ${BROKER_CLI_TIMEOUT_MS / 1000} s`, 'Check that --broker / PACT_BROKER_BASE_URL is reachable from here', 3);
  return r.status ?? 1;
}
