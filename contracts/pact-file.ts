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
