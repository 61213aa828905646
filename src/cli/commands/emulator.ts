import type { Command } from 'commander';
import { DEFAULT_CORS_ORIGINS, DEVELOPER_CREDENTIALS, faultNames, startEmulator, validCorsOrigin, variantNames } from '../../emulator/index.ts';
import { HarnessError } from '../../harness-error.ts';

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('Start the Cognito Sync + Cognito Identity emulator and print "listening on http://HOST:PORT"')
    .option('--host <host>', 'address to bind (loopback unless you say otherwise)', '127.0.0.1')
    .option('--port <port>', 'port to bind; 0 picks a free one', '4599')
    .option('--region <region>', 'region the emulator answers for', 'us-east-1')
    .option('--auth <mode>', 'sigv4: verify every signature; off: signatures unchecked, keys from GetCredentialsForIdentity act as their identity, any other key as the developer', 'sigv4')
    .option('--cors-origin <origin...>', `origins whose pages may call the emulator from a browser, repeatable: * (any), https://app.example, or http://host:* (any port); default: ${DEFAULT_CORS_ORIGINS.join(' ')}`)
    .option('--fault <name...>', `break the emulator on purpose, to prove a suite catches it (${faultNames.join(', ')})`)
    .option('--state-dir <dir>', 'keep all state in DIR across restarts; every acknowledged change is fsync\'d first (default: memory only)')
    .option('--variant <name...>', `answer as a different but correct backend may (${variantNames.join(', ')})`)
    .addHelpText('after', `
Operator endpoints (no signature needed; no Cognito operation can reach this prefix):
  GET  /_emulator/health   {"status":"ok","version":"…"}
  POST /_emulator/reset    drops every pool, identity, dataset, record and setting
  GET  /_emulator/state    JSON dump of identity pools, identities, datasets and records (no credentials)
Any other path under /_emulator answers 404 UnknownOperationException.`)
    .action(async (o: { host: string; port: string; region: string; auth: string; fault?: string[]; variant?: string[]; corsOrigin?: string[]; stateDir?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HarnessError(`--port ${o.port} is not a port number`, 'Pass an integer from 0 to 65535');
      if (o.auth !== 'sigv4' && o.auth !== 'off') throw new HarnessError(`--auth ${o.auth} is not a mode`, 'Use --auth sigv4 or --auth off');
      for (const origin of o.corsOrigin ?? []) {
        if (!validCorsOrigin(origin)) throw new HarnessError(`--cors-origin ${origin} is not an origin pattern`, 'Use *, an origin such as https://app.example:8443, or http://localhost:* for any port');
      }
      const running = await startEmulator({
        host: o.host, port, region: o.region, auth: o.auth, faults: o.fault ?? [], variants: o.variant ?? [], corsOrigins: o.corsOrigin,
        ...(o.stateDir !== undefined ? { stateDir: o.stateDir, onNotice: (line: string) => process.stderr.write(`${line}\n`) } : {}),
      });
      process.stdout.write(`listening on ${running.url}\n`);
      if (o.auth === 'sigv4') {
        process.stderr.write(`developer credentials: access key ${DEVELOPER_CREDENTIALS.accessKeyId} (secret documented in the README)\n`);
      }
      const stop = () => void running.close().then(() => process.exit(0), (e: unknown) => {
        process.stderr.write(`error: the emulator did not stop cleanly: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      });
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {}); // serve until a signal arrives
    });
}
