// Turns a TargetSpec into a Target: the embedded emulator (default), real AWS
// (explicit opt-in only), or any endpoint URL. Every suite gets its target here.

import { CognitoIdentityClient, CreateIdentityPoolCommand, DeleteIdentitiesCommand, DeleteIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import { createSyncClient, type Credentials } from '../client/client.ts';
import { HarnessError } from '../harness-error.ts';
import { developerCredentials, startEmulator } from '../emulator/index.ts';
import { DATASET_NAME_MAX, DELETE_IDENTITIES_MAX } from '../model/limits.ts';
import { describeFailure } from './failures.ts';
import { sdkTransport, withDeadline } from './transport.ts';
import type { IdentityFixture, Target, TargetKind, TargetSpec } from './types.ts';

const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

type Plan = {
  kind: TargetKind; name: string; region: string; syncEndpoint: string; identityEndpoint: string;
  credentials: () => Promise<Credentials>; credentialSource: string; identityPoolId?: string; stop?: () => Promise<void>; faults: string[]; variants: string[];
};

export async function resolveTarget(spec: TargetSpec = {}): Promise<Target> {
  const plan = await plan_(spec);
  spec.announce?.(describeTarget(plan));
  try {
    return await connect(plan, spec);
  } catch (e) {
    await plan.stop?.();
    throw e;
  }
}

async function plan_(spec: TargetSpec): Promise<Plan> {
  const env = spec.env ?? process.env;
  // The standard endpoint variables point the SDKs elsewhere; they point the harness there too, unless --target says otherwise.
  const kind = kindOf(spec.target ?? (env.AWS_ENDPOINT_URL_COGNITO_SYNC || env.AWS_ENDPOINT_URL ? 'url' : undefined));
  const region = spec.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (kind === 'emulator' ? undefined : await profileRegion(env)) ?? DEFAULT_REGION;
  if (kind === 'emulator') {
    const running = await startEmulator({
      host: spec.host ?? '127.0.0.1', port: spec.port ?? 0, region, auth: spec.auth ?? 'sigv4', faults: spec.faults ?? [], variants: spec.variants ?? [],
    });
    const creds = developerCredentials(env);
    return {
      kind, name: 'emulator', region, syncEndpoint: running.url, identityEndpoint: running.url,
      credentials: async () => creds, credentialSource: `emulator developer key ${maskKey(creds.accessKeyId)}`, stop: () => running.close(), faults: [...(spec.faults ?? [])], variants: [...(spec.variants ?? [])],
    };
  }
  if ((spec.faults ?? []).length > 0 || (spec.variants ?? []).length > 0) {
    throw new HarnessError('--fault and --variant switches only exist in the embedded emulator', 'Drop them, or use --target emulator');
  }
  if (kind === 'aws') {
    if (!spec.allowAws) {
      throw new HarnessError('Refusing to send requests to real AWS without an explicit opt-in', 'Add --allow-aws if you mean it');
    }
    const identityPoolId = spec.identityPoolId ?? env.COGNITO_SYNC_IDENTITY_POOL_ID;
    if (!identityPoolId) {
      throw new HarnessError('No identity pool for the aws target', 'Pass --identity-pool-id or set COGNITO_SYNC_IDENTITY_POOL_ID');
    }
    // Loaded lazily: only an AWS run needs the provider chain.
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const chain = fromNodeProviderChain(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {});
    // Asked once, up front: a missing or broken chain is a configuration error, not a failure in the middle of a suite.
    let first: Awaited<ReturnType<typeof chain>>;
    try {
      first = await chain();
    } catch (e) {
      throw new HarnessError(`No usable AWS credentials (${oneLine(e)}; looked in: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, SSO, web identity, container and instance metadata)`,
        'Set AWS_PROFILE (then `aws sso login` if it uses SSO) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY');
    }
    return {
      credentialSource: `AWS provider chain${env.AWS_PROFILE ? ` (profile ${env.AWS_PROFILE})` : ''}, key ${maskKey(first.accessKeyId)}`,
      kind, name: `aws:${region}`, region, identityPoolId, faults: [], variants: [],
      syncEndpoint: `https://cognito-sync.${region}.amazonaws.com`,
      identityEndpoint: `https://cognito-identity.${region}.amazonaws.com`,
      credentials: async () => {
        const c = await chain();
        return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      },
    };
  }
  const syncEndpoint = spec.target && spec.target !== 'url' ? spec.target : env.AWS_ENDPOINT_URL_COGNITO_SYNC ?? env.AWS_ENDPOINT_URL;
  if (!syncEndpoint) {
    throw new HarnessError('--target url needs an endpoint', 'Pass --target http://HOST:PORT or set AWS_ENDPOINT_URL_COGNITO_SYNC');
  }
  checkUrl(syncEndpoint);
  const identityEndpoint = env.AWS_ENDPOINT_URL_COGNITO_IDENTITY ?? env.AWS_ENDPOINT_URL ?? syncEndpoint;
  checkUrl(identityEndpoint);
  const fromEnv = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
    throw new HarnessError(`Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set (credential chain for a URL target: those two, else the emulator developer key)`,
      'Set both, or neither to use the emulator developer key');
  }
  const creds: Credentials = fromEnv
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY!, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
    : developerCredentials(env);
  return {
    credentialSource: fromEnv ? `environment AWS_ACCESS_KEY_ID ${maskKey(creds.accessKeyId)}` : `emulator developer key ${maskKey(creds.accessKeyId)}`,
    kind: 'url', name: new URL(syncEndpoint).origin, region, syncEndpoint, identityEndpoint, faults: [], variants: [],
    credentials: async () => creds, identityPoolId: spec.identityPoolId ?? env.COGNITO_SYNC_IDENTITY_POOL_ID,
  };
}

/** The one line that names a target: kind, endpoints, region, credential source (key id masked, never the secret). */
function describeTarget(plan: Plan): string {
  const endpoints = plan.identityEndpoint === plan.syncEndpoint ? plan.syncEndpoint : `sync ${plan.syncEndpoint}, identity ${plan.identityEndpoint}`;
  const extras = [plan.faults.length ? `faults ${plan.faults.join(',')}` : '', plan.variants.length ? `variants ${plan.variants.join(',')}` : ''].filter(Boolean);
  return `target ${plan.kind} ${endpoints} · region ${plan.region} · credentials: ${plan.credentialSource}${extras.length ? ` · ${extras.join(' · ')}` : ''}`;
}

/** Enough of a key id to tell keys apart: its first 4 and last 2 characters. */
export function maskKey(id: string): string {
  return id.length <= 8 ? '****' : `${id.slice(0, 4)}…${id.slice(-2)}`;
}

/** The region of AWS_PROFILE (or the default profile) in ~/.aws/config, as the SDKs read it. */
async function profileRegion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    // A client with no region resolves it through the SDK's own chain, which reads the shared config files.
    const probe = new CognitoIdentityClient(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {});
    const region = await probe.config.region();
    probe.destroy();
    return region || undefined;
  } catch {
    return undefined;
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().slice(0, 160);
}

export function kindOf(target: string | undefined): TargetKind {
  if (target === undefined || target === 'emulator') return 'emulator';
  if (target === 'aws') return 'aws';
  if (target === 'url' || /^https?:\/\//.test(target)) return 'url';
  throw new HarnessError(`--target ${target} is not a target`, 'Use emulator, aws, or an http(s):// endpoint URL');
}

function checkUrl(url: string): void {
  try {
    new URL(url);
  } catch {
    throw new HarnessError(`${url} is not a URL`, 'Pass an endpoint such as http://127.0.0.1:4599');
  }
}

async function connect(plan: Plan, spec: TargetSpec): Promise<Target> {
  const runId = spec.runId ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const prefix = `csh-${runId}-`;
  const identities: IdentityFixture[] = [];
  const timeoutMs = spec.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const transport = sdkTransport(timeoutMs);
  const identity = withDeadline(new CognitoIdentityClient({ endpoint: plan.identityEndpoint, region: plan.region, credentials: plan.credentials, ...transport }), timeoutMs);
  const sdkFor = (credentials: Credentials | (() => Promise<Credentials>)) =>
    withDeadline(new CognitoSyncClient({ endpoint: plan.syncEndpoint, region: plan.region, credentials, ...transport }), timeoutMs);

  const where = { ...plan, requestTimeoutMs: timeoutMs };
  let identityPoolId = plan.identityPoolId;
  let createdPool = false;
  if (!identityPoolId) {
    // Emulators and replacements get a pool of their own; on AWS we never create or delete pools.
    const pool = await describeFailure(where, () =>
      identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `csh_${runId.replace(/[^\w]/g, '_')}`, AllowUnauthenticatedIdentities: true })),
    );
    identityPoolId = pool.IdentityPoolId!;
    createdPool = true;
  }
  const poolId = identityPoolId;
  let closed = false;
  const stats = { throttled: 0 };

  async function removeIdentities(): Promise<void> {
    const ids = identities.map((f) => f.identityId);
    for (let i = 0; i < ids.length; i += DELETE_IDENTITIES_MAX) {
      await describeFailure(where, () => identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: ids.slice(i, i + DELETE_IDENTITIES_MAX) })));
    }
    if (createdPool) await describeFailure(where, () => identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId })));
  }

  const target: Target = {
    kind: plan.kind, name: plan.name, region: plan.region, syncEndpoint: plan.syncEndpoint,
    identityEndpoint: plan.identityEndpoint, identityPoolId: poolId, credentialSource: plan.credentialSource, credentialMode: spec.credentialMode ?? 'developer', requestTimeoutMs: timeoutMs,
    prefix, faults: plan.faults, variants: plan.variants, stats,
    developerCredentials: plan.credentials,
    datasetName: (suffix) => `${prefix}${suffix}`.slice(0, DATASET_NAME_MAX),
    async newIdentity() {
      const { IdentityId } = await describeFailure(where, () => identity.send(new GetIdCommand({ IdentityPoolId: poolId })));
      const { Credentials: c } = await describeFailure(where, () => identity.send(new GetCredentialsForIdentityCommand({ IdentityId })));
      const fixture: IdentityFixture = {
        identityPoolId: poolId, identityId: IdentityId!,
        credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretKey!, sessionToken: c!.SessionToken! },
      };
      identities.push(fixture);
      return fixture;
    },
    client(as) {
      const credentials = as === 'developer' ? plan.credentials : as.credentials;
      return createSyncClient({ endpoint: plan.syncEndpoint, region: plan.region, credentials, stats, timeoutMs });
    },
    sdk(as) {
      return sdkFor(as === 'developer' ? plan.credentials : as.credentials);
    },
    async cleanup() {
      // The raw client, not the SDK: cleanup must work even against an endpoint with a broken wire.
      let deleted = 0;
      for (const fixture of identities) {
        const client = target.client(target.credentialMode === 'identity' ? fixture : 'developer');
        const ids = { IdentityPoolId: poolId, IdentityId: fixture.identityId };
        let NextToken: string | undefined;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await client.call<{ Datasets?: Array<{ DatasetName?: string }>; NextToken?: string }>('ListDatasets', { ...ids, ...(NextToken ? { NextToken } : {}) });
          if (!page.ok) throw new HarnessError(`Cleanup could not list the datasets of ${fixture.identityId} (${page.errorType})`, 'Delete datasets starting with ' + prefix + ' by hand');
          for (const d of page.output.Datasets ?? []) {
            if (!d.DatasetName?.startsWith(prefix)) continue;
            const r = await client.call('DeleteDataset', { ...ids, DatasetName: d.DatasetName });
            if (r.ok) deleted++;
          }
          NextToken = page.output.NextToken;
          if (!NextToken) break;
        }
      }
      return deleted;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // A request still in flight (e.g. on Ctrl-C) may create a dataset after a listing; go again until a pass finds none.
        for (let pass = 0; pass < 3 && (await target.cleanup()) > 0; pass++);
      } finally {
        try {
          // An endpoint outlives the run: what the run made there goes too, and only that (a pool it was given stays).
          if (plan.kind === 'url') await removeIdentities();
        } finally {
          await plan.stop?.();
        }
      }
    },
  };
  return target;
}
