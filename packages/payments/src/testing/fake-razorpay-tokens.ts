import { type Answer, apiError, type Entity, fakeId, invalidRequest, NOW } from './fake-razorpay-shared.js';

// Customers and saved card tokens of the fake Razorpay: POST /v1/customers,
// orders created as a card recurring "authorisation transaction" (customer_id,
// method and token), and the token their captured payment carries.

/** A token the fake saved at an authorisation payment: whose it is, and whether the bank declines charges on it. */
export interface FakeToken {
  readonly customerId: string;
  readonly declines: boolean;
}

/** The fake's customers and saved tokens. */
export interface TokenState {
  readonly customers: Map<string, Entity>;
  readonly tokens: Map<string, FakeToken>;
}

/** Answers POST /v1/customers; `fail_existing: '0'` returns a customer with the same email and contact instead of refusing. */
export function createCustomer(state: TokenState, body: Record<string, unknown>): Answer {
  const { name, email, contact, fail_existing: failExisting = '1', notes = [] } = body;
  if (typeof email !== 'string' || !email.includes('@')) return invalidRequest('email', 'The email must be valid.');
  if (typeof contact !== 'string' || !/^\+?\d{8,15}$/.test(contact)) {
    return invalidRequest('contact', 'The contact format is invalid.');
  }
  const existing = [...state.customers.values()].find((c) => c.email === email && c.contact === contact);
  if (existing && String(failExisting) !== '0') {
    return [400, apiError('BAD_REQUEST_ERROR', 'Customer already exists for the merchant', { field: 'email' })];
  }
  if (existing) return [200, existing];
  const customer: Entity = {
    id: fakeId('cust'),
    entity: 'customer',
    name: typeof name === 'string' ? name : null,
    email,
    contact,
    gstin: null,
    notes,
    created_at: NOW,
  };
  state.customers.set(customer.id, customer);
  return [200, customer];
}

/** The first documented rule an authorisation order's `customer_id`, `method` and `token` break, as `[field, description]`. */
export function savingOrderProblem(state: TokenState, body: Record<string, unknown>): [string, string] | null {
  const { customer_id: customerId, method, token } = body;
  if (customerId === undefined && token === undefined) return null;
  if (typeof customerId !== 'string' || !state.customers.has(customerId)) {
    return ['customer_id', 'The id provided does not exist'];
  }
  if (method !== 'card') return ['method', 'The selected method is invalid.'];
  const { max_amount: maxAmount, expire_at: expireAt, frequency } = (token ?? {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(maxAmount) || Number(maxAmount) < 100) {
    return ['token.max_amount', 'The max amount must be at least 100.'];
  }
  if (!Number.isSafeInteger(expireAt) || Number(expireAt) <= NOW)
    return ['token.expire_at', 'The expire at is invalid.'];
  if (frequency !== 'as_presented' && frequency !== 'monthly') return ['token.frequency', 'The frequency is invalid.'];
  return null;
}

/**
 * What the captured payment of an authorisation order carries: the customer,
 * a new token saved for them, and the card (network and last four) it was made with.
 */
export function authorisationFields(state: TokenState, order: Entity, declinesLater: boolean): Record<string, unknown> {
  if (typeof order.customer_id !== 'string') return {};
  const tokenId = fakeId('token');
  state.tokens.set(tokenId, { customerId: order.customer_id, declines: declinesLater });
  const card = { id: fakeId('card'), entity: 'card', name: 'Asha', last4: '1111', network: 'Visa', type: 'credit' };
  return { method: 'card', recurring: true, customer_id: order.customer_id, token_id: tokenId, card_id: card.id, card };
}
