import { defineConfig } from 'vitest/config';

// .ci/run also runs a part of the suite on other Node versions; each run keeps its own reports.
const suffix = process.env.CSH_RESULTS_SUFFIX ?? '';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'contracts/**/*.test.ts', 'property/**/*.test.ts', 'load/**/*.test.ts', 'clients/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Pact's native core crashes inside worker_threads; forks keep each file in its own process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['junit', { outputFile: `reports/test-results/junit${suffix}.xml` }], ['json', { outputFile: `reports/test-results/results${suffix}.json` }]],
  },
});
