import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'contracts/**/*.test.ts', 'property/**/*.test.ts', 'load/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Pact's native core crashes inside worker_threads; forks keep each file in its own process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', ['junit', { outputFile: 'reports/test-results/junit.xml' }], ['json', { outputFile: 'reports/test-results/results.json' }]],
  },
});
