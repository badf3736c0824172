import { type Answer, apiError, type Entity, fakeId, invalidRequest, NOW } from './fake-razorpay-shared.js';
import type { FakeToken } from './fake-razorpay-tokens.js';

// Saved-token charges of the fake Razorpay: customers, and
// POST /v1/payments/create/recurring on an order made for the charge.

/** A saved token the fake charges: the payment is accepted, and captured when the test says so. */
export const FAKE_TOKEN_OK = 'token_ok';
/** A saved token the bank declines: 400 `BAD_REQUEST_ERROR`, reason `payment_failed`. */
export const FAKE_TOKEN_DECLINED = 'token_declined';

/** The fake's customers and the orders and payments they pay. */
export interface RecurringState {
  readonly customers: Map<string, Entity>;
  /** Tokens saved by authorisation payments, beside the fixed test tokens. */
  readonly tokens: Map<string, FakeToken>;
  readonly orders: Map<string, Entity>;
  readonly payments: Map<string, Entity>;
}

/** A new customer entity, as POST /v1/customers answers it. */
export function newCustomer(email: string, contact: string): Entity {
  return {
    id: fakeId('cust'),
    entity: 'customer',
    name: 'Test Customer',
    email,
    contact,
    gstin: null,
    created_at: NOW,
  };
}

const REQUIRED = ['amount', 'currency', 'order_id', 'customer_id', 'token', 'recurring', 'email', 'contact'] as const;

/** Answers POST /v1/payments/create/recurring: `{ razorpay_payment_id }` for an accepted charge, else Razorpay's error. */
export function createRecurringPayment(state: RecurringState, body: Record<string, unknown>): Answer {
  const missing = REQUIRED.find((field) => body[field] === undefined || body[field] === '');
  if (missing) return invalidRequest(missing, `The ${missing} field is required.`);
  const order = state.orders.get(String(body.order_id));
  if (!order) return invalidRequest('order_id', 'The id provided does not exist');
  if (!state.customers.has(String(body.customer_id))) {
    return invalidRequest('customer_id', 'The id provided does not exist');
  }
  if (body.amount !== order.amount || body.currency !== order.currency) {
    return invalidRequest('amount', 'Amount/currency must match the order');
  }
  if (order.status === 'paid') return invalidRequest('order_id', 'Order has already been paid');
  const token = body.token;
  const saved = state.tokens.get(String(token));
  if (token !== FAKE_TOKEN_OK && token !== FAKE_TOKEN_DECLINED && saved?.customerId !== body.customer_id) {
    return invalidRequest('token', 'The token id provided does not exist');
  }
  const declined = token === FAKE_TOKEN_DECLINED || saved?.declines === true;
  const payment: Entity = {
    id: fakeId('pay'),
    entity: 'payment',
    amount: order.amount,
    currency: order.currency,
    status: declined ? 'failed' : 'created',
    order_id: order.id,
    method: 'card',
    recurring: true,
    customer_id: body.customer_id,
    token_id: token,
    amount_refunded: 0,
    captured: false,
    email: body.email,
    contact: body.contact,
    notes: body.notes ?? [],
    error_code: declined ? 'BAD_REQUEST_ERROR' : null,
    error_description: declined ? 'Payment failed' : null,
    error_reason: declined ? 'payment_failed' : null,
    created_at: NOW,
  };
  state.payments.set(payment.id, payment);
  order.attempts = Number(order.attempts) + 1;
  order.status = 'attempted';
  if (!declined) return [200, { razorpay_payment_id: payment.id }];
  const metadata = { payment_id: payment.id, order_id: order.id };
  return [
    400,
    apiError('BAD_REQUEST_ERROR', 'Payment failed', {
      source: 'bank',
      step: 'payment_authorization',
      reason: 'payment_failed',
      metadata,
    }),
  ];
}

/** The bank confirms an accepted recurring payment: it and its order become captured and paid. */
export function captureRecurringPayment(state: RecurringState, paymentId: string): Entity {
  const payment = state.payments.get(paymentId);
  if (payment?.status !== 'created') throw new Error(`the fake holds no accepted payment ${paymentId}`);
  Object.assign(payment, { status: 'captured', captured: true });
  const order = state.orders.get(String(payment.order_id));
  if (order) Object.assign(order, { status: 'paid', amount_paid: order.amount, amount_due: 0 });
  return payment;
}
