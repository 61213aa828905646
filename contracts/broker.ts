// Verifying from a Pact Broker: which pacts to fetch (consumer version
// selectors, pending and WIP pacts), and which provider version and branch the
// results belong to. Pure: the environment and git are passed in, so tests and
// the CLI resolve the same way.
//
// Basis: Pact docs "Consumer version selectors" and "Pending pacts" / "WIP pacts"
// (https://docs.pact.io/pact_broker/advanced_topics/consumer_version_selectors,
// https://docs.pact.io/pact_broker/advanced_topics/pending_pacts,
// https://docs.pact.io/pact_broker/advanced_topics/wip_pacts), and
// "Versioning in the Pact Broker" (https://docs.pact.io/getting_started/versioning_in_the_pact_broker):
// a provider version is the commit it was built from, with its branch.

export type ConsumerVersionSelector = {
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  fallbackBranch?: string;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  consumer?: string;
  latest?: boolean;
  tag?: string;
  fallbackTag?: string;
};

/** The Pact docs' recommended default: what consumers have on their main line, and what is in some environment. */
export const DEFAULT_SELECTORS: readonly ConsumerVersionSelector[] = [{ mainBranch: true }, { deployedOrReleased: true }];

const SELECTOR_KEYS: Record<keyof ConsumerVersionSelector, 'boolean' | 'string'> = {
  mainBranch: 'boolean', branch: 'string', matchingBranch: 'boolean', fallbackBranch: 'string',
  deployedOrReleased: 'boolean', deployed: 'boolean', released: 'boolean', environment: 'string',
  consumer: 'string', latest: 'boolean', tag: 'string', fallbackTag: 'string',
};

/** Checks a selector list as the flag or config file gives it; throws one sentence naming what is wrong. */
export function parseSelectors(text: string): ConsumerVersionSelector[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--consumer-version-selectors takes a JSON array of selectors such as [{"mainBranch":true}], not ${JSON.stringify(text)}`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new Error('--consumer-version-selectors takes a non-empty JSON array of selector objects');
  return value.map((s, i) => {
    if (!s || typeof s !== 'object' || Array.isArray(s) || Object.keys(s).length === 0) throw new Error(`--consumer-version-selectors: selector ${i + 1} must be a non-empty object`);
    for (const [key, v] of Object.entries(s as Record<string, unknown>)) {
      const type = SELECTOR_KEYS[key as keyof ConsumerVersionSelector];
      if (!type) throw new Error(`--consumer-version-selectors: selector ${i + 1} has an unknown key "${key}" (known: ${Object.keys(SELECTOR_KEYS).join(', ')})`);
      if (typeof v !== type || (type === 'string' && (v as string).trim() === '')) throw new Error(`--consumer-version-selectors: "${key}" of selector ${i + 1} must be a ${type === 'string' ? 'non-empty string' : 'boolean'}`);
    }
    return s as ConsumerVersionSelector;
  });
}

/** A WIP cut-off date: YYYY-MM-DD, a real calendar day. */
export function parseWipSince(text: string): string {
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw new Error(`--include-wip-since takes a date as YYYY-MM-DD, not "${text}"`);
  }
  return text;
}

/** Where pacts come from when they come from a broker. Credentials are not here: the verifier reads them from the environment. */
export type BrokerSource = {
  url: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  enablePending: boolean;
  includeWipPactsSince?: string;
  /** Sent with the pacts-for-verification request, so the broker can tell which pacts are pending or WIP for this branch. */
  providerBranch?: string;
  /** Only when results are to be published. */
  publish?: { providerVersion: string; providerBranch?: string };
};

export type Resolved = { value: string; from: string };
export type ProviderIdentity = { version?: Resolved; branch?: Resolved; warnings: string[] };
/** Runs git with these arguments in the working directory; undefined when git fails or is missing. */
export type Git = (args: string[]) => string | undefined;

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/**
 * The provider version and branch: flags, else the CI's own variables (GitHub
 * Actions, then GitLab), else git. A checkout with uncommitted changes gets
 * `+dirty` after its commit, so its results are never mistaken for the
 * commit's own. Each is resolved on its own, so a flag for one still lets CI
 * or git name the other.
 */
export function resolveProvider(flags: { providerVersion?: string; providerBranch?: string }, env: NodeJS.ProcessEnv, git: Git): ProviderIdentity {
  const warnings: string[] = [];
  const pick = (candidates: Array<[string | undefined, string]>): Resolved | undefined => {
    const hit = candidates.find(([v]) => nonEmpty(v));
    return hit ? { value: hit[0]!.trim(), from: hit[1] } : undefined;
  };
  // GitHub sets GITHUB_HEAD_REF only on pull requests (the source branch); GITHUB_REF_NAME is then "<n>/merge".
  const github = env.GITHUB_ACTIONS === 'true' || nonEmpty(env.GITHUB_SHA);
  const gitlab = env.GITLAB_CI === 'true' || nonEmpty(env.CI_COMMIT_SHA);
  if (nonEmpty(env.PACT_PROVIDER_VERSION) && !nonEmpty(flags.providerVersion)) warnings.push('PACT_PROVIDER_VERSION is deprecated: pass --provider-version, or let CI variables or git name the version');

  let version = pick([
    [flags.providerVersion, '--provider-version'],
    [env.PACT_PROVIDER_VERSION, 'PACT_PROVIDER_VERSION'],
    [github ? env.GITHUB_SHA : undefined, 'GITHUB_SHA'],
    [gitlab ? env.CI_COMMIT_SHA : undefined, 'CI_COMMIT_SHA'],
  ]);
  let branch = pick([
    [flags.providerBranch, '--provider-branch'],
    [github ? env.GITHUB_HEAD_REF : undefined, 'GITHUB_HEAD_REF'],
    [github ? env.GITHUB_REF_NAME : undefined, 'GITHUB_REF_NAME'],
    [gitlab ? env.CI_COMMIT_REF_NAME : undefined, 'CI_COMMIT_REF_NAME'],
  ]);
  if (!version) {
    const sha = git(['rev-parse', 'HEAD']);
    if (nonEmpty(sha)) {
      const dirty = git(['status', '--porcelain', '--untracked-files=no']);
      version = { value: `${sha.trim()}${nonEmpty(dirty) ? '+dirty' : ''}`, from: nonEmpty(dirty) ? 'git (uncommitted changes)' : 'git' };
    }
  }
  if (!branch) {
    const name = git(['rev-parse', '--abbrev-ref', 'HEAD'])?.trim();
    // A detached HEAD has no branch; better none than "HEAD".
    if (nonEmpty(name) && name !== 'HEAD') branch = { value: name, from: 'git' };
  }
  return { ...(version ? { version } : {}), ...(branch ? { branch } : {}), warnings };
}
