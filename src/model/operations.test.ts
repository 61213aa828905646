// Both services' operation tables against their AWS models, the same checks
// for each (one operation per model operation, the same inputs, outputs and
// errors, a status in the one error table for every modeled error, the same
// public operations), then the Cognito Sync table's wire details.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identityErrors, modeledErrors, statusOf, type ErrorType } from './errors.ts';
import { identityModel, identityOperationNames, identityOperations } from './identity-operations.ts';
import { operationNames, operations } from './operations.ts';
import { shapeOf, shapes } from './shapes.ts';

// The AWS service model is the authority; the table is our readable copy of it.
type AwsMember = { shape: string; location?: string; locationName?: string };
type AwsShape = {
  type: string; members?: Record<string, AwsMember>; required?: string[]; member?: { shape: string };
  key?: { shape: string }; value?: { shape: string }; min?: number; max?: number; pattern?: string; enum?: string[];
  error?: { httpStatusCode: number }; exception?: boolean; fault?: boolean;
};
type AwsOperation = {
  http: { method: string; requestUri: string; responseCode: number };
  input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[]; authtype?: string;
};
const model = JSON.parse(readFileSync(new URL('./fixtures/cognito-sync-2014-06-30.service-2.json', import.meta.url), 'utf8')) as {
  operations: Record<string, AwsOperation>; shapes: Record<string, AwsShape>;
};

/** What the common checks need of a service's table, read the table's own way. */
type Table = {
  names: string[];
  inputMembers(name: string): string[];
  outputMembers(name: string): string[];
  errors(name: string): readonly string[];
  /** Callable without credentials. */
  isPublic(name: string): boolean;
};
type AnyModel = { operations: Record<string, AwsOperation>; shapes: Record<string, AwsShape> };

const services: Array<{ service: string; model: AnyModel; table: Table; count: number }> = [
  {
    service: 'Cognito Sync', model, count: 17,
    table: {
      names: [...operationNames],
      inputMembers: (n) => Object.keys(operations[n as keyof typeof operations].input),
      outputMembers: (n) => Object.keys(operations[n as keyof typeof operations].output),
      errors: (n) => operations[n as keyof typeof operations].errors,
      isPublic: () => false, // every Cognito Sync operation wants developer or identity credentials
    },
  },
  {
    service: 'Cognito Identity', model: identityModel as unknown as AnyModel, count: 23,
    table: {
      names: [...identityOperationNames],
      inputMembers: (n) => Object.keys(identityModel.shapes[identityOperations.get(n)!.input]?.members ?? {}),
      outputMembers: (n) => { const o = identityOperations.get(n)!.output; return o ? Object.keys(identityModel.shapes[o]?.members ?? {}) : []; },
      errors: (n) => identityOperations.get(n)!.errors,
      isPublic: (n) => identityOperations.get(n)!.auth === 'none',
    },
  },
];

describe.each(services)('$service operation table against its AWS model', ({ model: m, table, count }) => {
  const members = (shape: string | undefined) => Object.keys((shape ? m.shapes[shape]?.members : undefined) ?? {}).sort();

  it(`has one row per operation of the model, ${count} in all`, () => {
    expect([...table.names].sort()).toEqual(Object.keys(m.operations).sort());
    expect(table.names).toHaveLength(count);
  });

  it('has the model\'s input and output members and errors for every operation', () => {
    for (const name of table.names) {
      const aws = m.operations[name]!;
      expect([...table.inputMembers(name)].sort(), name).toEqual(members(aws.input?.shape));
      expect([...table.outputMembers(name)].sort(), name).toEqual(members(aws.output?.shape));
      expect([...table.errors(name)].sort(), name).toEqual((aws.errors ?? []).map((e) => e.shape).sort());
    }
  });

  it('gives every modeled error a status in the one error table: the model\'s where it states one, 5xx exactly for faults', () => {
    const known = Object.keys({ ...modeledErrors, ...identityErrors });
    for (const type of new Set(table.names.flatMap((n) => table.errors(n)))) {
      expect(known, type).toContain(type);
      const status = statusOf(type as ErrorType);
      const shape = m.shapes[type]!;
      if (shape.error?.httpStatusCode !== undefined) expect(status, type).toBe(shape.error.httpStatusCode);
      expect(status >= 500, type).toBe(shape.fault === true);
    }
  });

  it('serves without credentials exactly the operations the model marks authtype none', () => {
    const publicInModel = Object.entries(m.operations).filter(([, o]) => o.authtype === 'none').map(([n]) => n).sort();
    expect(table.names.filter((n) => table.isPublic(n)).sort()).toEqual(publicInModel);
  });
});

describe('operation table against the AWS service model', () => {
  it('has exactly the 17 operations of the model', () => {
    expect([...operationNames].sort()).toEqual(Object.keys(model.operations).sort());
    expect(operationNames).toHaveLength(17);
  });

  for (const name of Object.keys(model.operations)) {
    describe(name, () => {
      const aws = model.operations[name]!;
      const row = operations[name as keyof typeof operations];

      it('has the same method, path and success code', () => {
        expect(row.method).toBe(aws.http.method);
        expect(row.path).toBe(aws.http.requestUri);
        expect(aws.http.responseCode).toBe(200);
      });

      it('binds every input member where the model does, with the same shape and required flag', () => {
        const input = aws.input ? model.shapes[aws.input.shape]! : { type: 'structure', members: {}, required: [] };
        expect(Object.keys(row.input).sort()).toEqual(Object.keys(input.members ?? {}).sort());
        for (const [member, spec] of Object.entries(input.members ?? {})) {
          const mine = row.input[member]!;
          expect(mine.shape, member).toBe(spec.shape);
          expect(mine.required, member).toBe((input.required ?? []).includes(member));
          const expected = spec.location === 'uri' ? { in: 'label', name: spec.locationName }
            : spec.location === 'querystring' ? { in: 'query', name: spec.locationName }
            : spec.location === 'header' ? { in: 'header', name: spec.locationName }
            : { in: 'body' };
          expect(mine.binding, member).toEqual(expected);
        }
      });

      it('has the same output members and shapes', () => {
        const output = aws.output ? model.shapes[aws.output.shape]!.members ?? {} : {};
        expect(row.output).toEqual(Object.fromEntries(Object.entries(output).map(([k, v]) => [k, v.shape])));
      });

      it('lists the same errors', () => {
        expect([...row.errors].sort()).toEqual((aws.errors ?? []).map((e) => e.shape).sort());
      });
    });
  }

  it('gives every modeled error its HTTP status', () => {
    const awsErrors = Object.entries(model.shapes).filter(([, s]) => s.exception);
    expect(Object.keys(modeledErrors).sort()).toEqual(awsErrors.map(([n]) => n).sort());
    for (const [name, shape] of awsErrors) expect(modeledErrors[name as keyof typeof modeledErrors], name).toBe(shape.error!.httpStatusCode);
  });

  it('states a credential kind for every operation, matching the AWS API reference', () => {
    const developerOnly = ['BulkPublish', 'DescribeIdentityPoolUsage', 'GetBulkPublishDetails', 'GetCognitoEvents',
      'GetIdentityPoolConfiguration', 'ListIdentityPoolUsage', 'SetCognitoEvents', 'SetIdentityPoolConfiguration'];
    const identityOnly = ['RegisterDevice', 'SubscribeToDataset', 'UnsubscribeFromDataset'];
    for (const name of operationNames) {
      const kind = developerOnly.includes(name) ? 'developer' : identityOnly.includes(name) ? 'identity' : 'either';
      expect(operations[name].credentials, name).toBe(kind);
    }
  });
});

describe('shape table against the AWS service model', () => {
  // Request/response wrappers and exceptions live in the operation table and errors.ts instead.
  const wrapper = (name: string, s: AwsShape) => s.exception || /(Request|Response)$/.test(name);
  const awsShapes = Object.entries(model.shapes).filter(([n, s]) => !wrapper(n, s));

  it('has every non-wrapper shape of the model and nothing else', () => {
    expect(Object.keys(shapes).sort()).toEqual(awsShapes.map(([n]) => n).sort());
  });

  for (const [name, aws] of awsShapes) {
    it(`${name} has the model's type and constraints`, () => {
      const mine = shapeOf(name) as Record<string, unknown>;
      expect(mine.type).toBe(aws.type);
      for (const c of ['min', 'max', 'pattern', 'enum'] as const) expect(mine[c], c).toEqual(aws[c]);
      if (aws.type === 'list') expect(mine.member).toBe(aws.member!.shape);
      if (aws.type === 'map') expect([mine.key, mine.value]).toEqual([aws.key!.shape, aws.value!.shape]);
      if (aws.type === 'structure') {
        expect(mine.members).toEqual(Object.fromEntries(Object.entries(aws.members ?? {}).map(([k, v]) => [k, v.shape])));
        expect(mine.required ?? []).toEqual(aws.required ?? []);
      }
    });
  }

  it('resolves every shape reference in the tables', () => {
    const refs = [
      ...Object.values(operations).flatMap((op) => [...Object.values(op.input).map((m) => m.shape), ...Object.values(op.output)]),
      ...Object.values(shapes).flatMap((s) => ('member' in s ? [s.member] : 'members' in s ? Object.values(s.members) : 'key' in s ? [s.key, s.value] : [])),
    ];
    for (const ref of refs) expect(() => shapeOf(ref), ref).not.toThrow();
  });
});
