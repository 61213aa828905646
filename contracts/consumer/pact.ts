// Shared consumer setup: one pact (consumer cognito-sync-harness, provider
// cognito-sync, spec V4) written to a staging folder, and the real AWS SDK
// client pointed at Pact's mock server.

import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync';
import { Pact, SpecificationVersion } from '@pact-foundation/pact';
import { fileURLToPath } from 'node:url';
import { CONSUMER, PROVIDER } from '../names.ts';

export const STAGING_DIR = fileURLToPath(new URL('../.staging/', import.meta.url));
export const PACTS_DIR = fileURLToPath(new URL('../pacts/', import.meta.url));

export function newPact(): Pact {
  return new Pact({ consumer: CONSUMER, provider: PROVIDER, dir: STAGING_DIR, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: 'warn' });
}

/** The SDK client the contracts drive; the credentials are placeholders, the mock server does not check them. */
export function sdkFor(url: string): CognitoSyncClient {
  return new CognitoSyncClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'CONTRACTFAKEKEY', secretAccessKey: 'contract-fake-secret' }, maxAttempts: 1 });
}
