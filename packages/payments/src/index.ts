export {
  type AutoRechargeEvent,
  type AutoRechargeOptions,
  type AutoRecharger,
  type AutoRechargeSetting,
  autoRechargeOrderId,
  createAutoRecharger,
} from './auto-recharge.js';
export type { CreditOutcome } from './credit.js';
export { PaymentError, type PaymentErrorCode, paymentErrorCodes } from './errors.js';
export type { ChargeSavedMethodInput, ConfirmTopUpInput, RefundTopUpInput, StartTopUpInput } from './inputs.js';
export type { PaymentLimits, PaymentsOptions } from './options.js';
export { createPayments, Payments, type WebhookOutcome } from './payments.js';
export type {
  PayoutEvent,
  PayoutProvider,
  PayoutRequest,
  ProviderPayout,
  ProviderPayoutStatus,
} from './payout-provider.js';
export type { Payout, PayoutQuery, PayoutStatus, PayoutStore, PayoutTransition } from './payout-store.js';
export {
  createPayouts,
  type PayoutOutcome,
  Payouts,
  type PayoutsOptions,
  payoutIdOf,
  type RequestPayoutInput,
} from './payouts.js';
export type {
  CapturedPayment,
  ChargeOutcome,
  CheckoutRequest,
  PaymentEvent,
  PaymentProvider,
  ProviderCheckout,
  ProviderRefund,
  RefundRequest,
  SavedMethod,
  SavedMethodCharge,
  SavedMethodDetails,
  SaveMethodRequest,
  WebhookHeaders,
} from './provider.js';
export { createManualPayoutProvider, ManualPayoutProvider } from './providers/manual.js';
export {
  createSimulatedProvider,
  SIMULATED_SIGNATURE_HEADER,
  type SimulatedPayment,
  type SimulatedPayOptions,
  SimulatedProvider,
  type SimulatedProviderOptions,
} from './providers/simulated.js';
export type { SavedMethodChargeResult } from './saved-method.js';
export type {
  Inserted,
  OrderStatus,
  PaymentOrder,
  PaymentRefund,
  PaymentStore,
  RefundStatus,
} from './store.js';
