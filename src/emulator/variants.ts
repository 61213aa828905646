// Legal-variation switches: places where a correct backend may answer
// differently from this emulator, because AWS documents nothing there and no
// real client depends on the emulator's choice. They mirror the fault
// switches: every suite must pass under each of them, one at a time and all
// together. Each row says what changes, and its basis: the public AWS
// documentation or client source that leaves the choice open.

import { parseSwitches } from './switches.ts';

export type VariantRow = { what: string; basis: string };

export const variants = {
  'bulk-instant': {
    what: 'a bulk publish completes at once: the next GetBulkPublishDetails already says SUCCEEDED',
    basis: 'AWS API reference, BulkPublish: asynchronous, polled through GetBulkPublishDetails, with no duration given; a small pool may finish before the next call',
  },
  'deleted-flag-true': {
    what: 'ListRecords of a deleted, not re-created dataset, from a sync count before the delete, answers DatasetDeletedAfterRequestedSyncCount=true with DatasetExists=false',
    basis: 'aws-sdk-android DefaultDataset and aws-sdk-ios AWSCognitoDataset treat either flag as "deleted"; amazon-cognito-js reacts only to the true flag',
  },
  'small-pages': {
    what: 'default and maximum page sizes of 7 records, 3 datasets and 2 identity pools',
    basis: 'the AWS model and API reference give no default or maximum maxResults; every sync manager follows NextToken until it is absent',
  },
  'opaque-tokens': {
    what: 'NextToken and SyncSessionToken are long standard-base64 strings with "+", "/" and "=", which need URL-encoding in a query',
    basis: 'the AWS model calls the tokens opaque strings; its ListIdentityPoolUsage example NextToken is base64 ending in "=="',
  },
  'session-per-page': {
    what: 'every ListRecords page carries a new SyncSessionToken, even when the caller passed one',
    basis: 'aws-sdk-android CognitoSyncStorage and amazon-cognito-js take the token of the last page and never send one back; aws-sdk-ios sends the previous one',
  },
  'session-sticky': {
    what: 'pages reached through NextToken carry the SyncSessionToken of the first page, and a token passed in is echoed back',
    basis: 'the AWS model says the token holds a session ID, identity ID and expiration; which page starts a session is not documented',
  },
  'explicit-nulls': {
    what: 'optional response members with no value travel as explicit null (NextToken, MergedDatasetNames, Value of a tombstone, unset dates, …)',
    basis: 'the AWS model examples show "NextToken": null, "MergedDatasetNames": null, "LastModifiedBy": null and "SyncSessionsCount": null; the SDKs read null as absent',
  },
  'omitted-optionals': {
    what: 'members the AWS examples show as null are left out: ListRecords LastModifiedBy and IdentityPoolUsage SyncSessionsCount',
    basis: 'both are null in the AWS model examples; aws-sdk-ios substitutes "Unknown" for a missing LastModifiedBy',
  },
  'extra-members': {
    what: 'responses carry unknown extra members at the top level and inside every structure',
    basis: 'restJson1 clients skip members they do not know; AWS adds members to responses over time',
  },
  'shuffled-records': {
    what: 'records within a ListRecords page, and the records UpdateRecords returns, come in another order',
    basis: 'no record order is documented; the sync managers apply records by key',
  },
  'identity-modifier': {
    what: 'LastModifiedBy is the identity ID instead of the caller\'s account or key',
    basis: 'the AWS model examples show the account ID, and console edits show "Amazon Cognito Management Console"; sync managers only store it for display',
  },
  'whole-second-dates': {
    what: 'dates are whole epoch seconds',
    basis: 'restJson1 dates are epoch seconds as a JSON number, whole or not; the JS v3 SDK itself sends whole seconds',
  },
  'fractional-dates': {
    what: 'dates always carry fractional seconds, to the microsecond',
    basis: 'the AWS model examples show fractional epoch seconds such as 1.412974057244E9',
  },
  throttling: {
    what: 'about 5% of Cognito Sync calls answer 429 TooManyRequestsException and change nothing',
    basis: 'TooManyRequestsException (429) is in the AWS model error list of most operations; the AWS SDKs retry it with backoff',
  },
} as const satisfies Record<string, VariantRow>;

export type VariantName = keyof typeof variants;
export const variantNames = Object.keys(variants) as VariantName[];

/** Share of Cognito Sync calls the throttling variant refuses. */
export const THROTTLE_SHARE = 0.05;

export function parseVariants(names: Iterable<string> = []): ReadonlySet<VariantName> {
  return parseSwitches(variants, names, 'variant');
}
