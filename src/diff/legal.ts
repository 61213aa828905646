// What else may legally differ between two correct backends: the
// legal-variation switches (src/emulator/variants.ts) are the reference. One
// row per variant: either the check that recognises its difference in a
// divergence, or how normalising already removed it. A divergence a row
// recognises is `legal`, reported with the variant's name, and does not fail.

import type { VariantName } from '../emulator/variants.ts';
import type { Difference, Observation } from './compare.ts';

/** A difference with both whole answers around it, for checks that need context. */
export type Divergence = Difference & { targetObs: Observation; referenceObs: Observation };

export type LegalRule =
  | { recognises: (d: Divergence) => boolean; normalised?: undefined }
  /** The difference never reaches the comparison; the text says which normalisation removes it. */
  | { recognises?: undefined; normalised: string };

const member = (d: Divergence) => d.path.slice(d.path.lastIndexOf('.') + 1);
const oneSideAbsent = (d: Divergence) => (d.target === undefined) !== (d.reference === undefined);

export const legalRules = {
  'small-pages': {
    // Pages split elsewhere, but the walk's records are equal (else another difference fails it),
    // and no page holds more than was asked for.
    recognises: (d) => /\.pageSizes(\.length|\[\d+\])?$/.test(d.path) && withinAsked(d.targetObs) && withinAsked(d.referenceObs),
  },
  'deleted-flag-true': {
    // Either flag value is legal for a deleted dataset that was not re-created (DatasetExists=false on both).
    recognises: (d) => member(d) === 'DatasetDeletedAfterRequestedSyncCount' && d.targetObs.body?.DatasetExists === false && d.referenceObs.body?.DatasetExists === false,
  },
  'omitted-optionals': {
    // Exactly the members the variant names: ListRecords' own LastModifiedBy, and a pool usage's SyncSessionsCount.
    recognises: (d) => (/^ListRecords( walk)?\.LastModifiedBy$/.test(d.path) || /IdentityPoolUsages?(\[\d+\])?\.SyncSessionsCount$/.test(d.path)) && oneSideAbsent(d),
  },
  throttling: {
    // The client retries 429 away; one that outlasts every retry changed nothing on that end.
    recognises: (d) => member(d) === 'status' && [d.target, d.reference].some((x) => String(x).startsWith('429 TooManyRequestsException')),
  },
  'bulk-instant': { normalised: 'not generated: diff sends no BulkPublish' },
  'opaque-tokens': { normalised: 'tokens are compared by presence only, and each end is sent its own' },
  'session-per-page': { normalised: 'tokens are compared by presence only, and each end is sent its own' },
  'session-sticky': { normalised: 'tokens are compared by presence only, and each end is sent its own' },
  'explicit-nulls': { normalised: 'a null member counts as absent' },
  'extra-members': { normalised: 'members the AWS model does not define are dropped' },
  'shuffled-records': { normalised: 'records and datasets are sorted before comparing' },
  'identity-modifier': { normalised: 'LastModifiedBy is compared by presence only' },
  'whole-second-dates': { normalised: `dates are compared by closeness, not equality` },
  'fractional-dates': { normalised: `dates are compared by closeness, not equality` },
} as const satisfies Record<VariantName, LegalRule>;

function withinAsked(o: Observation): boolean {
  const sizes = o.body?.pageSizes;
  const max = o.request?.maxResults;
  return Array.isArray(sizes) && (max === undefined || sizes.every((n) => typeof n === 'number' && n <= max));
}

/** The variant that explains this divergence, or undefined when none does. */
export function explainedBy(d: Divergence): VariantName | undefined {
  for (const [name, rule] of Object.entries(legalRules) as Array<[VariantName, LegalRule]>) {
    if (rule.recognises?.(d)) return name;
  }
  return undefined;
}
