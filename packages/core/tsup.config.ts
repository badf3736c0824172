import { packageBuild } from '../../tsup.shared.js';

export default packageBuild(
  {
    index: 'src/index.ts',
    mongodb: 'src/mongodb.ts',
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
  },
);
