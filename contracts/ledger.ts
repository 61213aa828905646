// Which interaction is being verified right now. Pact tells a state handler
// only the state's name and params, and the relay only sees requests; both
// report here. Each interaction has one provider state, set up once right
// before its request is replayed, so the n-th setup of a (state, params)
// belongs to the n-th interaction in the pact with that state and params.
// Pacts fetched from a broker are not known beforehand: an open ledger adds
// an entry at each setup, and names them afterwards from the verifier's
// results, which come in the order it verified them.

import type { Exchange } from './relay.ts';
import { sameParams, type PactInteraction } from './pact-file.ts';

export type Entry = PactInteraction & {
  claimedAt?: number;
  /** The state could not be established on this target: not-applicable, with this reason. */
  notApplicable?: string;
  /** The state handler failed: the interaction failed on setup, not on an assertion. */
  setupError?: string;
  exchanges: Exchange[];
};

export class Ledger {
  readonly entries: Entry[];
  current: Entry | undefined;

  private readonly open: boolean;
  private readonly now: () => number;

  constructor(interactions: PactInteraction[], opts: { open?: boolean; now?: () => number } = {}) {
    this.entries = interactions.map((i) => ({ ...i, exchanges: [] }));
    this.open = opts.open ?? false;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The interaction whose state is being set up; undefined for a state no unverified interaction uses. */
  claim(state: string, params: unknown): Entry | undefined {
    let entry = this.entries.find((e) => e.claimedAt === undefined && e.state === state && sameParams(e.params, params));
    if (!entry && this.open) {
      entry = { description: '', state, params: (params ?? {}) as Record<string, unknown>, exchanges: [] };
      this.entries.push(entry);
    }
    if (entry) entry.claimedAt = this.now();
    this.current = entry;
    return entry;
  }

  /**
   * Names an open ledger's entries from the verifier's results, in order. When
   * the counts differ (an interaction without a provider state has no setup to
   * see), the results alone are kept, without the setups' details.
   */
  name(descriptions: string[]): void {
    if (!this.open) return;
    if (descriptions.length !== this.entries.length) {
      const at = this.now();
      this.entries.splice(0, this.entries.length, ...descriptions.map((description) => ({ description, state: '', params: {}, claimedAt: at, exchanges: [] })));
      return;
    }
    this.entries.forEach((e, i) => (e.description = descriptions[i]!));
  }

  /** Time from one interaction's setup to the next one's, the closest Pact lets us measure. */
  durationMs(entry: Entry, end = this.now()): number {
    if (entry.claimedAt === undefined) return 0;
    const next = this.entries.map((e) => e.claimedAt).filter((t): t is number => t !== undefined && t > entry.claimedAt!).sort((a, b) => a - b)[0];
    return Math.max(0, Math.round((next ?? end) - entry.claimedAt));
  }
}
