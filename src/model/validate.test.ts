// The validator's allocation-free check of a scalar must agree with the full
// walk that builds AWS's messages: a value it passes has no problem at all,
// and a value it fails has at least one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findProblems, scalarValid, syncShapeSource, type Problem, type ShapeSource } from './validate.ts';
import { shapes as syncShapes } from './shapes.ts';
import { identityModel } from './identity-operations.ts';

const identityShapeSource: ShapeSource = (name) => identityModel.shapes[name];

const value = fc.oneof(
  fc.string({ maxLength: 140 }), fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', 'us-east-1:11111111-2222-4333-8444-555555555555', 'us-east-1_abc', 'GCM', 'APNS', 'a.b-c_d:e', 'x'.repeat(129)),
  fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1, 60, 61, NaN, Infinity),
  fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }),
);

function agree(source: ShapeSource, names: string[]): number {
  let checked = 0;
  for (const name of names) {
    const shape = source(name)!;
    if (scalarValid(shape, 0) === undefined) continue;
    checked++;
    fc.assert(
      fc.property(value, (v) => {
        const problems: Problem[] = [];
        findProblems(source, name, v, 'p', problems);
        expect(scalarValid(shape, v), `${name} ${JSON.stringify(v)}`).toBe(problems.length === 0);
      }),
      { numRuns: 300, seed: 20261202 },
    );
  }
  return checked;
}

describe('scalarValid', () => {
  it("agrees with findProblems on every scalar shape of Cognito Sync's model", () => {
    expect(agree(syncShapeSource, Object.keys(syncShapes))).toBeGreaterThan(10);
  });

  it("agrees with findProblems on every scalar shape of Cognito Identity's model", () => {
    expect(agree(identityShapeSource, Object.keys(identityModel.shapes))).toBeGreaterThan(20);
  });
});
