import { packageBuild } from '../../tsup.shared.js';

export default packageBuild({
  index: 'src/index.ts',
  memory: 'src/adapters/memory.ts',
  postgres: 'src/adapters/postgres.ts',
  mongodb: 'src/adapters/mongodb.ts',
  testing: 'src/testing/index.ts',
});
