export {
  type FakeFailure,
  type FakeStripe,
  type RecordedRequest,
  signedWebhook,
  startFakeStripe,
} from './fake-stripe.js';
export type { FakeSavedMethod, MethodOutcome } from './fake-stripe-intents.js';
