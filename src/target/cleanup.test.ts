// On a URL target the run deletes what it created there (identities, and the pool when it
// made one) and nothing else.
import { CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityCommand, DescribeIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPER_CREDENTIALS, startEmulator } from '../emulator/index.ts';
import { resolveTarget } from './index.ts';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let admin: CognitoIdentityClient;
beforeAll(async () => {
  emulator = await startEmulator({});
  admin = new CognitoIdentityClient({ endpoint: emulator.url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS });
});
afterAll(() => emulator.close());

const gone = (p: Promise<unknown>) => p.then(() => 'exists', (e: { name?: string }) => e.name);

describe('cleanup on a URL target', () => {
  it('deletes the pool the run created and the identities it made', async () => {
    const target = await resolveTarget({ target: emulator.url, env: {} });
    const [a, b] = [await target.newIdentity(), await target.newIdentity()];
    expect(await gone(admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: target.identityPoolId })))).toBe('exists');
    expect(await gone(admin.send(new DescribeIdentityCommand({ IdentityId: a.identityId })))).toBe('exists');
    await target.close();
    expect(await gone(admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: target.identityPoolId })))).toBe('ResourceNotFoundException');
    for (const f of [a, b]) expect(await gone(admin.send(new DescribeIdentityCommand({ IdentityId: f.identityId })))).toBe('ResourceNotFoundException');
  });

  it('keeps a pool it was given, deleting only its own identities', async () => {
    const { IdentityPoolId } = await admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'given', AllowUnauthenticatedIdentities: true }));
    const target = await resolveTarget({ target: emulator.url, identityPoolId: IdentityPoolId!, env: {} });
    const mine = await target.newIdentity();
    expect(await gone(admin.send(new DescribeIdentityCommand({ IdentityId: mine.identityId })))).toBe('exists');
    await target.close();
    expect(await gone(admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: IdentityPoolId! })))).toBe('exists');
    expect(await gone(admin.send(new DescribeIdentityCommand({ IdentityId: mine.identityId })))).toBe('ResourceNotFoundException');
  });
});
