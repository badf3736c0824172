import { packageBuild } from '../../tsup.shared.js';

export default packageBuild({
  index: 'src/index.ts',
  memory: 'src/adapters/memory/index.ts',
  postgres: 'src/adapters/postgres/index.ts',
  mongodb: 'src/adapters/mongodb/index.ts',
  razorpay: 'src/providers/razorpay/index.ts',
  stripe: 'src/providers/stripe/index.ts',
  testing: 'src/testing/index.ts',
  'testing-stripe': 'src/testing/stripe.ts',
  'testing-razorpay': 'src/testing/razorpay.ts',
});
