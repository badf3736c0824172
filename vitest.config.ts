import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@jyotishconnect/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@jyotishconnect/source', 'node', 'import', 'default'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    globalSetup: ['packages/core/src/testing/vitest-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend with the PostgreSQL server for CPU.
    maxWorkers: 2,
  },
});
