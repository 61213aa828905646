// Service limits and page sizes, for both services, in one place. Pure data
// (shapes.ts has no runtime imports either), so the emulator, the properties,
// the contracts and the k6 bundle all read it; nothing restates a number here.

import { shapes } from './shapes.ts';

// ---- Cognito Sync ------------------------------------------------------

/** Documented service limits (AWS developer guide: 20 datasets per identity, 1 MB per dataset). */
export const MAX_DATASETS_PER_IDENTITY = 20;
export const MAX_DATASET_BYTES = 1024 * 1024;

/** Longest dataset name the model allows (DatasetName, 1-128 of [a-zA-Z0-9_.:-]). */
export const DATASET_NAME_MAX = shapes.DatasetName.max!;

export type PageLimit = { default: number; max: number };
export type PageLimits = { records: PageLimit; datasets: PageLimit; pools: PageLimit };

/**
 * The page sizes the mobile sync managers ask for: 1,024 records per
 * ListRecords, 64 datasets per ListDatasets (aws-sdk-android, aws-sdk-ios).
 */
export const CLIENT_PAGE_ASK = { records: 1024, datasets: 64 } as const;

/**
 * [INFERRED] The emulator's page sizes: what the clients ask for doubles as
 * default and maximum. AWS documents none.
 */
export const DEFAULT_PAGES: PageLimits = {
  records: { default: CLIENT_PAGE_ASK.records, max: CLIENT_PAGE_ASK.records },
  datasets: { default: CLIENT_PAGE_ASK.datasets, max: CLIENT_PAGE_ASK.datasets },
  pools: { default: 60, max: 60 },
};

/** The small-pages variant: a backend that pages much sooner is just as correct. */
export const SMALL_PAGES: PageLimits = {
  records: { default: 7, max: 7 },
  datasets: { default: 3, max: 3 },
  pools: { default: 2, max: 2 },
};

/** [INFERRED] The emulator's cap on a request body: twice the largest dataset, so a 1 MB write still fits with its JSON. */
export const MAX_REQUEST_BODY_BYTES = 2 * MAX_DATASET_BYTES;

// ---- Cognito Identity ----------------------------------------------------

/** Cognito Identity quotas (Amazon Cognito developer guide, quotas): identity pools per account, logins linked to one identity. */
export const MAX_IDENTITY_POOLS = 1000;
export const MAX_LINKED_LOGINS = 20;

/** DeleteIdentities takes at most 60 IDs per call (IdentityIdList, max 60, in the Cognito Identity model). */
export const DELETE_IDENTITIES_MAX = 60;

/** [INFERRED] LookupDeveloperIdentity's page when MaxResults is absent (the model's QueryLimit maximum is 60). */
export const IDENTITY_LOOKUP_PAGE = 60;
