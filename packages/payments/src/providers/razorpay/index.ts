export { REFUND_IDEMPOTENCY_HEADER, refundIdempotencyKey } from './client.js';
export {
  type CreatedFundAccount,
  checkDestination,
  createRazorpayXFundAccounts,
  destinationLabel,
  type FundAccountRequest,
  type PayoutDestination,
  type RazorpayXFundAccountOptions,
  RazorpayXFundAccounts,
} from './fund-accounts.js';
export {
  RAZORPAY_API_URL,
  type RazorpayContact,
  type RazorpayContactLookup,
  type RazorpayProviderOptions,
} from './options.js';
export { RAZORPAYX_PAYOUT_EVENTS } from './payout-events.js';
export {
  createRazorpayXPayoutProvider,
  PAYOUT_IDEMPOTENCY_HEADER,
  payoutIdempotencyKey,
  type RazorpayXPayoutOptions,
  RazorpayXPayoutProvider,
} from './payouts.js';
export {
  createRazorpayProvider,
  RAZORPAY_EVENT_ID_HEADER,
  RAZORPAY_SIGNATURE_HEADER,
  RazorpayProvider,
} from './provider.js';
