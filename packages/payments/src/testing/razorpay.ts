export { type FakePayOptions, FakeRazorpay, type RecordedRequest, startFakeRazorpay } from './fake-razorpay.js';
