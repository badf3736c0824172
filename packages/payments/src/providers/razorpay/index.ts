export { REFUND_IDEMPOTENCY_HEADER, refundIdempotencyKey } from './client.js';
export { RAZORPAY_API_URL, type RazorpayProviderOptions } from './options.js';
export {
  createRazorpayProvider,
  RAZORPAY_EVENT_ID_HEADER,
  RAZORPAY_SIGNATURE_HEADER,
  RazorpayProvider,
} from './provider.js';
