import { defineConfig } from 'vitest/config';
import { propertyScale } from './packages/core/src/testing/property-runs.js';

// A longer randomized run asked for with `PROPERTY_SCALE` (see `propertyRuns`) gets time in proportion:
// a run of eight times the cases must not fail on the timeout sized for one.
const timeoutScale = Math.max(1, propertyScale());

export default defineConfig({
  resolve: { conditions: ['@jyotishconnect/source', 'module', 'node', 'import', 'default'] },
  // Vitest also passes these to worker processes as `node --conditions`, where they apply to `require` too:
  // listing `import` would make CJS packages such as `pg` require the ESM build of their dependencies.
  ssr: { resolve: { conditions: ['@jyotishconnect/source', 'node'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    globalSetup: ['packages/core/src/testing/vitest-setup.ts'],
    testTimeout: 60_000 * timeoutScale,
    hookTimeout: 120_000,
    // A condition waited on with expect.poll gets seconds, not the default one: on a loaded machine a page
    // or a host can take that long, and a poll that passes returns as soon as its condition holds.
    expect: { poll: { timeout: 15_000 } },
    // Two cores: more workers only contend with the PostgreSQL server for CPU.
    maxWorkers: 2,
  },
});
