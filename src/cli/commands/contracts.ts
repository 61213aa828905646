import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { COMMITTED_PACT, verifyContracts } from '../../../contracts/verify.ts';
import { CONSUMER } from '../../../contracts/consumer/pact.ts';
import { HarnessError } from '../../harness-error.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';

function brokerCli(args: string[]): number {
  if (!process.env.PACT_BROKER_BASE_URL) {
    throw new HarnessError('No Pact broker is configured', 'Set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN); without a broker, use the files in contracts/pacts');
  }
  // The official Pact CLI reads PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN itself.
  const pkg = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/package.json');
  const r = spawnSync(process.execPath, [join(dirname(pkg), 'bin', 'pact-broker.js'), ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

export function registerContracts(program: Command): void {
  const contracts = program.command('contracts').description('Pact contracts for the 17 Cognito Sync operations');

  withTargetOptions(contracts.command('verify'))
    .description('Verify the committed pact against a target (the embedded emulator by default)')
    .option('--pact <file...>', 'pact files to verify', [COMMITTED_PACT])
    .action(async (flags: TargetFlags & { pact: string[] }) => {
      const target = await resolveTarget(specOf(flags));
      try {
        const r = await verifyContracts({ target, pactFiles: flags.pact });
        const label = { pass: 'pass', fail: 'FAIL', 'not-applicable': 'n/a ' } as const;
        for (const i of r.interactions) process.stdout.write(`${label[i.status]}  ${i.interaction}${i.failure ? ` [${i.failure}]` : ''}${i.reason ? `\n      ${i.reason}` : ''}\n`);
        for (const e of r.strayStateErrors) process.stdout.write(`state error: ${e}\n`);
        const count = (s: string) => r.interactions.filter((i) => i.status === s).length;
        process.stdout.write(`${r.ok ? 'verified' : 'NOT verified'} against ${target.name}: ${count('pass')} passed, ${count('fail')} failed, ${count('not-applicable')} not applicable of ${r.interactions.length} interactions${r.throttled ? `; ${r.throttled} throttled answers retried` : ''}\n`);
        process.exitCode = r.ok ? 0 : 1;
      } finally {
        await target.close();
      }
    });

  contracts.command('publish')
    .description('Publish contracts/pacts to the Pact broker named by PACT_BROKER_BASE_URL')
    .requiredOption('--consumer-version <version>', 'version of this consumer (e.g. the git SHA)')
    .option('--branch <branch>', 'branch the version came from')
    .action((flags: { consumerVersion: string; branch?: string }) => {
      process.exitCode = brokerCli(['publish', dirname(COMMITTED_PACT), '--consumer-app-version', flags.consumerVersion, ...(flags.branch ? ['--branch', flags.branch] : [])]);
    });

  contracts.command('can-i-deploy')
    .description('Ask the Pact broker whether a version can be deployed to an environment')
    .requiredOption('--version <version>', 'the version to check')
    .requiredOption('--to-environment <env>', 'the environment to deploy to')
    .option('--pacticipant <name>', 'the application', CONSUMER)
    .action((flags: { version: string; toEnvironment: string; pacticipant: string }) => {
      process.exitCode = brokerCli(['can-i-deploy', '--pacticipant', flags.pacticipant, '--version', flags.version, '--to-environment', flags.toEnvironment]);
    });
}
