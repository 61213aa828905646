// The steps `diff` generates: what the mobile sync managers do across several
// devices of one identity (push, pull, delete, describe, list), plus the
// request shapes of the pact's error interactions. A step is plain data, so
// fast-check can shrink a sequence by dropping and simplifying steps; each
// end turns it into calls with its own tokens and SyncCounts.

import fc from 'fast-check';

export const DEVICES = 3;
export const KEYS = ['a', 'b', 'c'] as const;
/** More than the smallest default page a correct backend may choose (the small-pages variant's 7). */
export const FILL_KEYS = Array.from({ length: 9 }, (_, i) => `f${i}`);

export type Change = { key: string; value: string | null };

export type Step =
  | { kind: 'push'; device: number; changes: Change[] }
  /** pageSize undefined: the server's default page size. */
  | { kind: 'pull'; device: number; pageSize?: number }
  /** One push of FILL_KEYS keys: more records than a small page holds, so walks span pages. */
  | { kind: 'fill'; device: number }
  | { kind: 'delete' }
  | { kind: 'describe' }
  | { kind: 'listDatasets' }
  /** pact "UpdateRecords with a stale SyncCount": one below what the device knows. */
  | { kind: 'stalePush'; device: number; key: string }
  /** pact "UpdateRecords with a bad SyncSessionToken". */
  | { kind: 'badToken'; device: number; key: string }
  /** A session opened on another dataset of the identity: a token is bound to its dataset. */
  | { kind: 'foreignToken'; device: number; key: string }
  /** pact "ListRecords with a lastSyncCount above DatasetSyncCount". */
  | { kind: 'pullAbove'; device: number }
  /** pact "ListRecords of an invalid dataset name". */
  | { kind: 'invalidName' }
  /** pact "DescribeDataset of a missing dataset". */
  | { kind: 'describeMissing' };

const device = fc.integer({ min: 0, max: DEVICES - 1 });
const key = fc.constantFrom(...KEYS);
const value = fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: null, freq: 4 });
const changes = fc.uniqueArray(fc.record({ key, value }), { minLength: 1, maxLength: 3, selector: (c) => c.key });

export function stepArb(): fc.Arbitrary<Step> {
  const push = fc.record({ kind: fc.constant('push' as const), device, changes });
  const pull = fc.record({ kind: fc.constant('pull' as const), device, pageSize: fc.option(fc.constant(2), { nil: undefined }) }, { requiredKeys: ['kind', 'device'] });
  // Pushes and pulls are where devices disagree, so they weigh most.
  return fc.oneof(
    { arbitrary: push, weight: 6 },
    { arbitrary: pull, weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant('fill' as const), device }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'delete' }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'describe' }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'listDatasets' }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('stalePush' as const), device, key }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('badToken' as const), device, key }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('foreignToken' as const), device, key }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('pullAbove' as const), device }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'invalidName' }), weight: 1 },
    { arbitrary: fc.constant<Step>({ kind: 'describeMissing' }), weight: 1 },
  );
}

export const MAX_STEPS = 12;

export function sequenceArb(maxSteps = MAX_STEPS): fc.Arbitrary<Step[]> {
  return fc.array(stepArb(), { minLength: 1, maxLength: maxSteps });
}

export function stepLabel(s: Step): string {
  const dev = 'device' in s ? `device${s.device}.` : '';
  switch (s.kind) {
    case 'push': return `${dev}push(${s.changes.map((c) => (c.value === null ? `-${c.key}` : `${c.key}=${JSON.stringify(c.value)}`)).join(', ')})`;
    case 'pull': return `${dev}pull(${s.pageSize ? `pages of ${s.pageSize}` : ''})`;
    case 'fill': return `${dev}push(${FILL_KEYS.length} keys f*)`;
    case 'stalePush': return `${dev}stalePush(${s.key})`;
    case 'badToken': return `${dev}pushWithBadToken(${s.key})`;
    case 'foreignToken': return `${dev}pushWithAnotherDatasetsToken(${s.key})`;
    case 'pullAbove': return `${dev}pullAboveCount()`;
    default: return `${s.kind}()`;
  }
}
