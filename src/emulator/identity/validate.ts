// Cognito Identity's inputs, read through the one validator (src/model/validate.ts)
// with the shapes of its AWS model.

import { identityModel } from '../../model/identity-operations.ts';
import { findProblems as find, projectWith, validateWith, type Problem, type ShapeSource } from '../../model/validate.ts';

export type { Problem };

const source: ShapeSource = (name) => identityModel.shapes[name];

/** Appends to `out` every way `value` fails the model shape `shapeName`. */
export function findProblems(shapeName: string, value: unknown, path: string, out: Problem[]): void {
  find(source, shapeName, value, path, out);
}

/** Throws the typed error AWS would answer for an input that fails its shape. */
export function validateInput(shapeName: string, input: unknown): void {
  validateWith(source, shapeName, input);
}

/** The input as the handlers see it (see projectWith). Call after validateInput. */
export function project(shapeName: string, value: unknown): unknown {
  return projectWith(source, shapeName, value);
}
