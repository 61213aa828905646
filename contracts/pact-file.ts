// Compares pact files by content: interactions sorted by description and
// the tool-version metadata left out, so a regeneration on another machine
// or pact version does not read as a change.

export function normalizePact(text: string): unknown {
  const pact = JSON.parse(text) as { consumer: unknown; provider: unknown; interactions: Array<{ description: string }>; metadata?: { pactSpecification?: unknown } };
  return {
    consumer: pact.consumer,
    provider: pact.provider,
    spec: pact.metadata?.pactSpecification,
    interactions: [...pact.interactions].sort((a, b) => a.description.localeCompare(b.description)),
  };
}

/** One interaction as verification needs it: its provider state and the basis its consumer wrote down. */
export type PactInteraction = { description: string; state: string; params: Record<string, unknown>; basis?: string };

export function pactInteractions(text: string): PactInteraction[] {
  const pact = JSON.parse(text) as { interactions: Array<{ description: string; providerStates?: Array<{ name: string; params?: Record<string, unknown> }>; comments?: { text?: string[] } }> };
  return pact.interactions.map((i) => {
    const state = i.providerStates?.[0];
    const basis = i.comments?.text?.join(' ');
    return { description: i.description, state: state?.name ?? '', params: state?.params ?? {}, ...(basis ? { basis } : {}) };
  });
}

/** Params compared as Pact sends them back: JSON, whatever the key order. */
export function sameParams(a: unknown, b: unknown): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
