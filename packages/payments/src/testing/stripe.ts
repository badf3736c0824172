export {
  type FakeFailure,
  type FakeStripe,
  type RecordedRequest,
  signedWebhook,
  startFakeStripe,
} from './fake-stripe.js';
