import { packageBuild } from '../../tsup.shared.js';

export default packageBuild(
  {
    index: 'src/index.ts',
    mongodb: 'src/mongodb.ts',
    'pglite-worker': 'src/pglite-worker.ts',
    // Not an export: the script `pglite-worker` starts in a worker thread, found beside it in dist/.
    'pglite-worker-thread': 'src/pglite-worker-thread.ts',
    testing: 'src/testing/index.ts',
    'vitest-setup': 'src/testing/vitest-setup.ts',
    suites: 'src/testing/suites.ts',
  },
  {
    // vitest-setup has only a default export. tsup's rollup tree-shaking pass turns that into
    // `module.exports = setup` while the .d.cts says `export default` (attw: FalseExportDefault).
    // Without that pass, cjsInterop emits `module.exports = exports.default` and `export =` to match.
    treeshake: false,
    cjsInterop: true,
    // `pglite-worker` finds its worker script through `import.meta.url`, which the CJS build needs shimmed.
    shims: true,
  },
);
