// The limits that are also model constraints must equal the AWS models, so the
// one limits module cannot drift from them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_NAME_MAX, DEFAULT_PAGES, DELETE_IDENTITIES_MAX, IDENTITY_LOOKUP_PAGE, MAX_DATASET_BYTES, MAX_REQUEST_BODY_BYTES } from './limits.ts';

type Model = { shapes: Record<string, { max?: number }> };
const model = (file: string): Model => JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as Model;
const sync = model('cognito-sync-2014-06-30.service-2.json');
const identity = model('cognito-identity-2014-06-30.service-2.json');

describe('limits', () => {
  it('agree with the AWS models where the models state them', () => {
    expect(DATASET_NAME_MAX).toBe(sync.shapes.DatasetName!.max);
    expect(DELETE_IDENTITIES_MAX).toBe(identity.shapes.IdentityIdList!.max);
    expect(IDENTITY_LOOKUP_PAGE).toBe(identity.shapes.QueryLimit!.max);
  });
  it('let a request carry a full dataset', () => {
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThan(MAX_DATASET_BYTES);
    expect(DEFAULT_PAGES.records.default).toBeLessThanOrEqual(DEFAULT_PAGES.records.max);
  });
});
