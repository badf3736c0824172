import { packageBuild } from '../../tsup.shared.js';

export default packageBuild({
  index: 'src/index.ts',
  memory: 'src/adapters/memory/index.ts',
  testing: 'src/testing/index.ts',
});
