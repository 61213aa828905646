// Serializes results the restJson1 way: 200 + a JSON object, or the error's
// status with x-amzn-ErrorType and {"message"}. Wire fault switches act here.

import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../model/errors.ts';
import type { Operation } from '../../model/operations.ts';
import { shapeOf } from '../../model/shapes.ts';
import type { FaultName } from '../faults.ts';
import type { WireResponse } from '../types.ts';

export function success(op: Operation, output: unknown, faults: ReadonlySet<FaultName>): WireResponse {
  let body = (output ?? {}) as Record<string, unknown>;
  if (faults.size > 0) body = breakOutput(op, body, faults);
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}

export function failure(error: ServiceError, faults: ReadonlySet<FaultName>): WireResponse {
  let { type, status } = error;
  if (faults.has('conflict-as-400') && type === 'ResourceConflictException') {
    type = 'InvalidParameterException';
    status = 400;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (!faults.has('no-error-type')) headers['x-amzn-errortype'] = type;
  return { status, headers, body: JSON.stringify({ message: error.message }) };
}

function breakOutput(op: Operation, body: Record<string, unknown>, faults: ReadonlySet<FaultName>): Record<string, unknown> {
  let out = body;
  if (faults.has('iso-timestamps')) {
    out = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, op.output[k] ? isoDates(op.output[k], v) : v]));
  }
  if (faults.has('no-dataset-sync-count') && 'DatasetSyncCount' in out) {
    const { DatasetSyncCount: _dropped, ...rest } = out;
    out = rest;
  }
  if (faults.has('renamed-field') && 'Records' in out) {
    const { Records, ...rest } = out;
    out = { ...rest, records: Records };
  }
  return out;
}

function isoDates(shapeName: string, value: unknown): unknown {
  const shape = shapeOf(shapeName);
  if (shape.type === 'timestamp' && typeof value === 'number') return new Date(value * 1000).toISOString();
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => isoDates(shape.member, v));
  if (shape.type === 'structure' && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape.members[k] ? isoDates(shape.members[k], v) : v]));
  }
  return value;
}
