import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_SELECTORS, parseSelectors, parseWipSince, resolveProvider, type BrokerSource, type ConsumerVersionSelector, type Git } from '../../../contracts/broker.ts';
import { COMMITTED_PACT, CONSUMER } from '../../../contracts/names.ts';
import { HarnessError } from '../../harness-error.ts';
import { redact } from '../../results/redact.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';
import { brokerCli, brokerUrl, brokerUrlFlag, nameFlag } from './pact-broker.ts';

type VerifyFlags = TargetFlags & {
  pact: string[];
  broker?: string;
  consumerVersionSelectors?: ConsumerVersionSelector[];
  pending: boolean;
  includeWipSince?: string;
  providerVersion?: string;
  providerBranch?: string;
  publish?: boolean;
};

const asFlag = <T>(parse: (v: string) => T) => (value: string): T => {
  try {
    return parse(value);
  } catch (e) {
    throw new InvalidArgumentError(`${e instanceof Error ? e.message : String(e)}.`);
  }
};

/** git in the working directory, quiet; undefined when it fails (no git, not a checkout). */
const git: Git = (args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch {
    return undefined;
  }
};

/**
 * Where the pacts come from, checked before anything runs: broker flags
 * without a broker, or --publish without one, are refused (exit 2), so a
 * local run can never publish results by accident.
 */
export function brokerSource(flags: VerifyFlags, fromCli: (key: keyof VerifyFlags) => boolean, env: NodeJS.ProcessEnv, gitRun: Git, warn: (line: string) => void): { source: BrokerSource; description: string } | undefined {
  const url = brokerUrl(flags.broker, env);
  if (!url) {
    if (flags.publish) throw new HarnessError('--publish needs pacts from a Pact Broker: results of a local pact file have nowhere to go', 'Add --broker URL (or set PACT_BROKER_BASE_URL), or drop --publish');
    // Only what the command line asked for: a config file may hold broker settings for the runs that use one.
    const brokerOnly = [fromCli('consumerVersionSelectors') && '--consumer-version-selectors', fromCli('includeWipSince') && '--include-wip-since', fromCli('pending') && '--no-pending'].filter(Boolean);
    if (brokerOnly.length > 0) throw new HarnessError(`${brokerOnly.join(', ')} choose pacts on a Pact Broker, and none is configured`, 'Add --broker URL (or set PACT_BROKER_BASE_URL)');
    return undefined;
  }
  if (fromCli('pact')) throw new HarnessError('--pact and a Pact Broker are two sources of pacts', 'Pass one: --pact FILE, or --broker URL / PACT_BROKER_BASE_URL (unset it to verify files)');
  const who = resolveProvider(flags, env, gitRun);
  for (const w of who.warnings) warn(w);
  if (flags.publish && !who.version) throw new HarnessError('--publish needs a provider version, and none was found (no flag, no GITHUB_SHA or CI_COMMIT_SHA, no git checkout)', 'Pass --provider-version (the commit the provider was built from)');
  const source: BrokerSource = {
    url,
    consumerVersionSelectors: flags.consumerVersionSelectors ?? DEFAULT_SELECTORS.map((s) => ({ ...s })),
    enablePending: flags.pending,
    ...(flags.includeWipSince ? { includeWipPactsSince: flags.includeWipSince } : {}),
    ...(who.branch ? { providerBranch: who.branch.value } : {}),
    ...(flags.publish ? { publish: { providerVersion: who.version!.value, ...(who.branch ? { providerBranch: who.branch.value } : {}) } } : {}),
  };
  return { source, description: describeSource(url, flags, who) };
}

function describeSource(url: string, flags: VerifyFlags, who: ReturnType<typeof resolveProvider>): string {
  const selectors = JSON.stringify(flags.consumerVersionSelectors ?? DEFAULT_SELECTORS);
  const version = who.version ? `${who.version.value} (${who.version.from})` : 'unknown';
  const branch = who.branch ? `${who.branch.value} (${who.branch.from})` : 'none';
  return `pacts from the Pact Broker at ${redact(url)}: selectors ${selectors}, pending pacts ${flags.pending ? 'on' : 'off'}${flags.includeWipSince ? `, WIP pacts since ${flags.includeWipSince}` : ''}; provider version ${version}, branch ${branch}; results ${flags.publish ? 'published' : 'not published (no --publish)'}`;
}

export function registerContracts(program: Command): void {
  const contracts = program.command('contracts').description('Pact contracts for the 17 Cognito Sync operations, and the Pact Broker workflow');

  withTargetOptions(contracts.command('verify'))
    .description('Verify pacts against a target (the embedded emulator by default): the committed pact, or the pacts a Pact Broker selects for this provider')
    .option('--pact <file...>', 'pact files to verify (not with a broker)', [COMMITTED_PACT])
    .option('--broker <url>', 'fetch the pacts from this Pact Broker (default: PACT_BROKER_BASE_URL; credentials from PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)', brokerUrlFlag)
    .option('--consumer-version-selectors <json>', `which consumer versions' pacts to verify, a JSON array (default: ${JSON.stringify(DEFAULT_SELECTORS)})`, asFlag(parseSelectors))
    .option('--no-pending', 'fail on pending pacts too (by default a failure in a pact the broker marks pending is reported but does not fail the run)')
    .option('--include-wip-since <YYYY-MM-DD>', 'also verify work-in-progress pacts published since this date (as pending)', asFlag(parseWipSince))
    .option('--provider-version <version>', 'version of the provider verified (default: GITHUB_SHA, CI_COMMIT_SHA, else git rev-parse HEAD, +dirty with uncommitted changes)', nameFlag('--provider-version'))
    .option('--provider-branch <branch>', 'branch of the provider verified (default: GITHUB_HEAD_REF or GITHUB_REF_NAME, CI_COMMIT_REF_NAME, else the git branch)', nameFlag('--provider-branch'))
    .option('--publish', 'publish the verification results to the broker, with the provider version and branch (only with a broker)')
    .action(async (flags: VerifyFlags, cmd: Command) => {
      const fromBroker = brokerSource(flags, (key) => cmd.getOptionValueSource(key) === 'cli', process.env, git, (w) => process.stderr.write(`warning: ${w}\n`));
      const target = await resolveTarget(specOf(flags));
      try {
        if (fromBroker) process.stdout.write(`${fromBroker.description}\n`);
        // Pact is loaded only by the command that verifies, not with the CLI.
        const { verifyContracts } = await import('../../../contracts/verify.ts');
        const r = await verifyContracts({ target, ...(fromBroker ? { broker: fromBroker.source } : { pactFiles: flags.pact }) });
        const label = { pass: 'pass', fail: 'FAIL', 'not-applicable': 'n/a ' } as const;
        for (const n of r.notices) process.stdout.write(`broker: ${n}\n`);
        for (const i of r.interactions) process.stdout.write(`${label[i.status]}${i.pending && i.status === 'fail' ? ' (pending)' : ''}  ${i.interaction}${i.failure ? ` [${i.failure}]` : ''}${i.reason ? `\n      ${i.reason}` : ''}\n`);
        for (const e of r.strayStateErrors) process.stdout.write(`state error: ${e}\n`);
        const count = (s: string) => r.interactions.filter((i) => i.status === s).length;
        const pendingFailed = r.interactions.filter((i) => i.status === 'fail' && i.pending).length;
        process.stdout.write(`${r.ok ? 'verified' : 'NOT verified'} against ${target.name}: ${count('pass')} passed, ${count('fail')} failed${pendingFailed ? ` (${pendingFailed} in pending pacts, not counted against the run)` : ''}, ${count('not-applicable')} not applicable of ${r.interactions.length} interactions${r.throttled ? `; ${r.throttled} throttled answers retried` : ''}\n`);
        if (r.sourceErrors.length > 0) {
          throw new HarnessError(`The pacts could not be loaded: ${r.sourceErrors.join('; ')}`, 'Check the broker URL, its credentials (PACT_BROKER_TOKEN) and the consumer version selectors', 3);
        }
        process.exitCode = r.ok ? 0 : 1;
      } finally {
        await target.close();
      }
    });

  const broker = (cmd: Command) => cmd.option('--broker <url>', 'the Pact Broker (default: PACT_BROKER_BASE_URL; credentials from PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)', brokerUrlFlag);

  broker(contracts.command('publish'))
    .description('Publish contracts/pacts to the Pact Broker')
    .requiredOption('--consumer-version <version>', 'version of this consumer (e.g. the git SHA)', nameFlag('--consumer-version'))
    .option('--branch <branch>', 'branch the version came from', nameFlag('--branch'))
    .action((flags: { consumerVersion: string; branch?: string; broker?: string }) => {
      process.exitCode = brokerCli(['publish', dirname(COMMITTED_PACT), '--consumer-app-version', flags.consumerVersion, ...(flags.branch ? ['--branch', flags.branch] : [])], flags);
    });

  broker(contracts.command('can-i-deploy'))
    .description('Ask the Pact Broker whether a version can be deployed to an environment')
    .requiredOption('--version <version>', 'the version to check', nameFlag('--version'))
    .requiredOption('--to-environment <env>', 'the environment to deploy to', nameFlag('--to-environment'))
    .option('--pacticipant <name>', 'the application', CONSUMER)
    .action((flags: { version: string; toEnvironment: string; pacticipant: string; broker?: string }) => {
      process.exitCode = brokerCli(['can-i-deploy', '--pacticipant', flags.pacticipant, '--version', flags.version, '--to-environment', flags.toEnvironment], flags);
    });

  broker(contracts.command('record-deployment'))
    .description('Tell the Pact Broker that a version is now deployed to an environment (after can-i-deploy said yes, and the deploy went out)')
    .requiredOption('--version <version>', 'the version deployed', nameFlag('--version'))
    .requiredOption('--environment <env>', 'the environment it went to (as created on the broker)', nameFlag('--environment'))
    .option('--pacticipant <name>', 'the application', CONSUMER)
    .option('--application-instance <name>', 'which instance, when one environment runs several of the application', nameFlag('--application-instance'))
    .action((flags: { version: string; environment: string; pacticipant: string; applicationInstance?: string; broker?: string }) => {
      process.exitCode = brokerCli(recordArgs('record-deployment', flags), flags);
    });

  broker(contracts.command('record-release'))
    .description('Tell the Pact Broker that a version was released to an environment (for apps that are released, such as mobile apps, rather than deployed)')
    .requiredOption('--version <version>', 'the version released', nameFlag('--version'))
    .requiredOption('--environment <env>', 'the environment it was released to (as created on the broker)', nameFlag('--environment'))
    .option('--pacticipant <name>', 'the application', CONSUMER)
    .action((flags: { version: string; environment: string; pacticipant: string; broker?: string }) => {
      process.exitCode = brokerCli(recordArgs('record-release', flags), flags);
    });
}

/** The Pact CLI's arguments for record-deployment / record-release. */
export function recordArgs(command: 'record-deployment' | 'record-release', flags: { version: string; environment: string; pacticipant: string; applicationInstance?: string }): string[] {
  return [command, '--pacticipant', flags.pacticipant, '--version', flags.version, '--environment', flags.environment, ...(flags.applicationInstance ? ['--application-instance', flags.applicationInstance] : [])];
}
