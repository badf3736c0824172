import { idProblem } from '@jyotishconnect/core';
import { invalidInput } from './errors.js';
import type { PaymentLimits } from './options.js';
import type { SavedMethod, SaveMethodRequest } from './provider.js';

/** Input of {@link Payments.startTopUp}. */
export interface StartTopUpInput {
  /** Idempotency key of the order: starting it again returns the stored order. */
  readonly id: string;
  /** The wallet to credit once the payment is captured. */
  readonly userId: string;
  /** Minor units (paise), within the configured bounds. */
  readonly amount: number;
  /** Save the method the customer pays with for off-session charges; the provider must be able to charge one. */
  readonly saveMethod?: SaveMethodRequest;
}

/** Input of {@link Payments.confirmTopUp}: what the provider's checkout handed the client. */
export interface ConfirmTopUpInput {
  /** The signed-in user; the order must be theirs. */
  readonly userId: string;
  readonly confirmation: Readonly<Record<string, unknown>>;
}

/** Input of {@link Payments.chargeSavedMethod}: an off-session top-up, such as an auto-recharge. */
export interface ChargeSavedMethodInput extends StartTopUpInput {
  readonly method: SavedMethod;
}

/** Input of {@link Payments.refundTopUp}. */
export interface RefundTopUpInput {
  /** Idempotency key of the refund, also sent to the provider. */
  readonly refundId: string;
  readonly orderId: string;
  /** Minor units; defaults to what is left of the payment. */
  readonly amount?: number;
}

/** Returns `value` when it is a valid id, else throws `INVALID_INPUT` naming `field`. */
export function checkId(value: unknown, field: string): string {
  const problem = idProblem(value);
  if (problem) throw invalidInput(field, problem);
  return value as string;
}

/** Checks a top-up request against the limits; throws `INVALID_INPUT` naming the field. */
export function checkStartTopUp(input: StartTopUpInput, limits: PaymentLimits): StartTopUpInput {
  const id = checkId(input?.id, 'id');
  const userId = checkId(input.userId, 'userId');
  const { amount } = input;
  if (!Number.isSafeInteger(amount) || amount < limits.minTopUp || amount > limits.maxTopUp) {
    throw invalidInput('amount', `must be a whole number from ${limits.minTopUp} to ${limits.maxTopUp}`);
  }
  if (input.saveMethod === undefined) return { id, userId, amount };
  return { id, userId, amount, saveMethod: checkSaveMethod(input.saveMethod) };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9]{8,15}$/;

/** Checks a request to save a method: an id-shaped customer, a plausible email and phone; throws `INVALID_INPUT` naming the field. */
function checkSaveMethod(request: SaveMethodRequest): SaveMethodRequest {
  if (typeof request !== 'object' || request === null) throw invalidInput('saveMethod', 'must be an object');
  const { customerRef, name, email, contact } = request;
  const text = (value: unknown, field: string, pattern: RegExp, problem: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) throw invalidInput(`saveMethod.${field}`, problem);
    return value;
  };
  const checked = {
    customerRef: customerRef === undefined ? undefined : checkId(customerRef, 'saveMethod.customerRef'),
    name: text(name, 'name', /^[^\p{Cc}]{1,100}$/u, 'must be 1 to 100 characters'),
    email: text(email, 'email', EMAIL, 'must be an email address'),
    contact: text(contact, 'contact', PHONE, 'must be a phone number of 8 to 15 digits'),
  };
  return Object.fromEntries(Object.entries(checked).filter(([, value]) => value !== undefined));
}

/** Checks a refund request; throws `INVALID_INPUT` naming the field. */
export function checkRefundTopUp(input: RefundTopUpInput): RefundTopUpInput {
  const refundId = checkId(input?.refundId, 'refundId');
  const orderId = checkId(input.orderId, 'orderId');
  if (input.amount === undefined) return { refundId, orderId };
  if (!Number.isSafeInteger(input.amount) || input.amount < 1) {
    throw invalidInput('amount', 'must be a whole number of at least 1');
  }
  return { refundId, orderId, amount: input.amount };
}

/** Checks an off-session charge; throws `INVALID_INPUT` naming the field. */
export function checkChargeSavedMethod(input: ChargeSavedMethodInput, limits: PaymentLimits): ChargeSavedMethodInput {
  const request = checkStartTopUp(input, limits);
  const method = input.method;
  return {
    ...request,
    method: {
      customerRef: checkId(method?.customerRef, 'method.customerRef'),
      methodRef: checkId(method?.methodRef, 'method.methodRef'),
    },
  };
}
