export { type FakePayOptions, FakeRazorpay, type RecordedRequest, startFakeRazorpay } from './fake-razorpay.js';
export { type FakePayoutEvent, FakeRazorpayPayouts } from './fake-razorpay-payouts.js';
export { FAKE_TOKEN_DECLINED, FAKE_TOKEN_OK } from './fake-razorpay-recurring.js';
export { FakeRazorpayXAccounts } from './fake-razorpayx-accounts.js';
