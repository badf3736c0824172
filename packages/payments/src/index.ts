export { PaymentError, type PaymentErrorCode, paymentErrorCodes } from './errors.js';
export type { ConfirmTopUpInput, RefundTopUpInput, StartTopUpInput } from './inputs.js';
export type { PaymentLimits, PaymentsOptions } from './options.js';
export { type CreditOutcome, createPayments, Payments, type WebhookOutcome } from './payments.js';
export type {
  CapturedPayment,
  CheckoutRequest,
  PaymentEvent,
  PaymentProvider,
  ProviderCheckout,
  ProviderRefund,
  RefundRequest,
  WebhookHeaders,
} from './provider.js';
export {
  createSimulatedProvider,
  SIMULATED_SIGNATURE_HEADER,
  type SimulatedPayment,
  type SimulatedPayOptions,
  SimulatedProvider,
  type SimulatedProviderOptions,
} from './providers/simulated.js';
export type {
  Inserted,
  OrderStatus,
  PaymentOrder,
  PaymentRefund,
  PaymentStore,
  RefundStatus,
} from './store.js';
