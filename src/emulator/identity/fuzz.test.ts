// Bad input never takes Cognito Identity down: thousands of random requests
// (inputs grown from the model's shapes with wrong types, nulls, garbage and
// real IDs mixed in, plus raw bodies and unknown targets) all get a status
// below 500, a JSON error document with an AWS type the operation may raise,
// or a success body that matches the model.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityModel, identityOperationNames, identityOperations } from '../../model/identity-operations.ts';
import { createIdentityService, type IdentityRequest } from './service.ts';
import { findProblems, type Problem } from './validate.ts';

const SEED = Number(process.env.CSH_SEED ?? 20261125);
const RUNS = 2500;
const DEV = 'login.fuzz';
const FB = 'graph.facebook.com';
const MISSING = 'us-east-1:00000000-0000-0000-0000-000000000000';
const FRONT_END_ERRORS = ['SerializationException', 'UnknownOperationException'];

async function seeded() {
  const svc = createIdentityService({ maxPools: 50 });
  const call = async (op: string, input: unknown) => {
    const res = await svc.handle({ method: 'POST', path: '/', query: '', headers: { 'x-amz-target': `AWSCognitoIdentityService.${op}` }, body: Buffer.from(JSON.stringify(input)) });
    expect(res.status, res.body).toBe(200);
    return JSON.parse(res.body) as Record<string, string>;
  };
  const pool = await call('CreateIdentityPool', { IdentityPoolName: 'fuzz', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV, SupportedLoginProviders: { [FB]: 'app' } });
  const closed = await call('CreateIdentityPool', { IdentityPoolName: 'closed', AllowUnauthenticatedIdentities: false });
  const guest = await call('GetId', { IdentityPoolId: pool.IdentityPoolId });
  const alice = await call('GetId', { IdentityPoolId: pool.IdentityPoolId, Logins: { [FB]: 'alice' } });
  const dev = await call('GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, Logins: { [DEV]: 'u1' } });
  const known: Record<string, unknown[]> = {
    IdentityPoolId: [pool.IdentityPoolId, closed.IdentityPoolId, MISSING],
    IdentityId: [guest.IdentityId, alice.IdentityId, dev.IdentityId, MISSING],
    IdentityIdList: [[guest.IdentityId, MISSING]],
    IdentityProviderName: [FB, DEV, 'cognito-identity.amazonaws.com', 'www.amazon.com'],
    IdentityProviderToken: ['alice', 'bob', 'u1', dev.Token],
    DeveloperProviderName: [DEV, 'other.dev'],
    DeveloperUserIdentifier: ['u1', 'u2', 'u3'],
    ARNString: [svc.poolArn(pool.IdentityPoolId!), 'arn:aws:iam::123456789012:role/fuzz', 'arn:aws:iam::123456789012:oidc-provider/example.com'],
    IdentityPoolName: ['fuzz pool'],
    RoleType: ['authenticated', 'unauthenticated'],
    TagKeysType: ['team', 'aws:x'],
  };
  return { svc, known };
}

function inputArbitrary(shapeName: string, known: Record<string, unknown[]>, depth = 0): fc.Arbitrary<unknown> {
  const shape = identityModel.shapes[shapeName]!;
  const chosen = known[shapeName] ? [{ weight: 8, arbitrary: fc.constantFrom(...known[shapeName]) }] : [];
  let typed: fc.Arbitrary<unknown>;
  switch (shape.type) {
    case 'string':
      typed = fc.oneof(
        ...chosen,
        ...(shape.enum ? [{ weight: 8, arbitrary: fc.constantFrom(...shape.enum) }] : []),
        { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
        { weight: 1, arbitrary: fc.constantFrom('', 'é', 'a'.repeat(130)) },
      );
      break;
    case 'integer':
    case 'long':
      typed = fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(86_400, 86_401, 1e20, 1.5, Number.MAX_SAFE_INTEGER));
      break;
    case 'boolean':
      typed = fc.boolean();
      break;
    case 'list':
      typed = fc.oneof(...chosen, { weight: 2, arbitrary: fc.array(inputArbitrary(shape.member!.shape, known, depth + 1), { maxLength: depth > 2 ? 1 : 4 }) });
      break;
    case 'map':
      typed = fc.dictionary(
        inputArbitrary(shape.key!.shape, known, depth + 1).filter((k): k is string => typeof k === 'string'),
        inputArbitrary(shape.value!.shape, known, depth + 1),
        { maxKeys: 3 },
      );
      break;
    default: {
      const members = Object.fromEntries(Object.entries(shape.members ?? {}).map(([name, m]) => [name, inputArbitrary(m.shape, known, depth + 1)]));
      typed = fc.record(members, { requiredKeys: [...(shape.required ?? [])] });
    }
  }
  // Mostly well-typed, sometimes null or a value of any JSON type.
  return fc.oneof({ weight: 30, arbitrary: typed }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

function requestArbitrary(known: Record<string, unknown[]>): fc.Arbitrary<{ op: string | undefined; req: IdentityRequest }> {
  const modeled = fc.constantFrom(...identityOperationNames).chain((op) =>
    fc.oneof(
      { weight: 14, arbitrary: inputArbitrary(identityOperations.get(op)!.input, known).map((input) => JSON.stringify(input) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constantFrom('', '{', '{}', '[]', 'null', '"x"', '{"IdentityPoolId":', '\u0000', '{"a":1}{"b":2}') },
    ).map((body) => ({ op: op as string | undefined, target: `AWSCognitoIdentityService.${op}`, body })),
  );
  const unknownTarget = fc.record({
    op: fc.constant(undefined),
    target: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('AWSCognitoIdentityService.', 'AWSCognitoIdentityService.toString', 'AWSCognitoIdentityService.__proto__')),
    body: fc.string({ maxLength: 20 }),
  });
  return fc.record({
    call: fc.oneof({ weight: 9, arbitrary: modeled }, { weight: 1, arbitrary: unknownTarget }),
    method: fc.oneof({ weight: 19, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') }),
    rawBytes: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }) }),
  }).map(({ call, method, rawBytes }) => ({
    op: method === 'POST' ? call.op : undefined,
    req: { method, path: '/', query: '', headers: { 'x-amz-target': call.target }, body: rawBytes ?? Buffer.from(call.body) },
  }));
}

describe('Cognito Identity under random requests', () => {
  it(`answers ${RUNS} random requests below 500 with a typed error or a model-shaped body (seed ${SEED})`, async () => {
    const { svc, known } = await seeded();
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(known), async ({ op, req }) => {
        const res = await svc.handle(req);
        expect(res.status).toBeLessThan(500);
        const json = JSON.parse(res.body) as Record<string, unknown>;
        const key = res.status === 200 ? 'ok' : String(json.__type);
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        if (res.status !== 200) {
          expect(typeof json.__type).toBe('string');
          expect(typeof json.message).toBe('string');
          const allowed = op ? [...identityOperations.get(op)!.errors, ...FRONT_END_ERRORS] : ['UnknownOperationException', 'SerializationException'];
          expect(allowed).toContain(json.__type);
          return;
        }
        expect(op).toBeDefined();
        const output = identityOperations.get(op!)!.output;
        const problems: Problem[] = [];
        if (output) findProblems(output, json, '', problems);
        expect(problems).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 50_000, markInterruptAsFailure: true },
    );
    // The mix must reach the store, not just the validator.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(RUNS / 50);
    expect(outcomes.get('InvalidParameterException') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('SerializationException') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('UnknownOperationException') ?? 0).toBeGreaterThan(0);
    expect((outcomes.get('ResourceNotFoundException') ?? 0) + (outcomes.get('NotAuthorizedException') ?? 0)).toBeGreaterThan(0);

    // The state the fuzz left behind still reads back consistently.
    for (const poolId of svc.listPoolIds()) {
      const listed = svc.store.listIdentities(poolId, 60, undefined, false).identities;
      for (const identity of listed) expect(svc.identityExists(poolId, identity.IdentityId)).toBe(true);
    }
  });
});
