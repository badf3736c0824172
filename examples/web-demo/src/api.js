/** The REST client: JSON in and out, bearer token, typed errors `{ error: { code, message, field? } }`. */

import { ApiError } from './messages.js';
import { getToken } from './state.js';

export { ApiError };

/**
 * Calls the host's REST API.
 * @template T
 * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
 * @param {string} path e.g. `/api/wallet`
 * @param {unknown} [body]
 * @param {Record<string, string>} [extraHeaders] e.g. an `idempotency-key`
 * @returns {Promise<T>}
 */
export async function request(method, path, body, extraHeaders = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', ...extraHeaders };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('NETWORK', 'Cannot reach the server. Check your connection.', 0);
  }
  const text = await response.text();
  /** @type {any} */
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(
      error.code ?? `HTTP_${response.status}`,
      error.message ?? response.statusText,
      response.status,
      error.field,
      error.details,
    );
  }
  return /** @type {T} */ (json);
}

/** @param {string} path */
export const get = (path) => request('GET', path);
/** @param {string} path @param {unknown} [body] */
export const post = (path, body = {}) => request('POST', path, body);
/** @param {string} path @param {unknown} body */
export const put = (path, body) => request('PUT', path, body);

/**
 * Builds a query string from defined, non-empty values.
 * @param {Record<string, string | number | undefined | null>} params
 */
export function query(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export const api = {
  register: (/** @type {{name:string,email:string,password:string,role:string}} */ body) =>
    post('/api/auth/register', body),
  login: (/** @type {string} */ email, /** @type {string} */ password) => post('/api/auth/login', { email, password }),
  me: () => get('/api/me'),
  consultants: (/** @type {Record<string,string|undefined>} */ filters = {}) =>
    get(`/api/consultants${query(filters)}`),
  consultant: (/** @type {string} */ id) => get(`/api/consultants/${encodeURIComponent(id)}`),
  setAvailability: (/** @type {boolean} */ online) => put('/api/consultants/me/availability', { online }),
  /** The consultant's own profile, with where they stand: pending, approved, rejected or suspended. */
  myProfile: () => get('/api/consultants/me/profile'),
  saveProfile: (/** @type {unknown} */ profile) => put('/api/consultants/me/profile', profile),
  adminConsultants: (/** @type {string} */ status) => get(`/api/admin/consultants${query({ status })}`),
  adminDecide: (
    /** @type {string} */ consultantId,
    /** @type {'approve' | 'reject' | 'suspend'} */ decision,
    /** @type {string | undefined} */ reason,
  ) => post(`/api/admin/consultants/${encodeURIComponent(consultantId)}/${decision}`, reason ? { reason } : {}),
  adminAccount: (/** @type {string} */ email) => get(`/api/admin/accounts${query({ email })}`),
  adminFreeze: (/** @type {string} */ accountId, /** @type {boolean} */ frozen) =>
    post(`/api/admin/accounts/${encodeURIComponent(accountId)}/freeze`, { frozen }),
  adminReviews: () => get('/api/admin/reviews'),
  adminReviewVisibility: (/** @type {string} */ ratingId, /** @type {boolean} */ hidden) =>
    post(`/api/admin/reviews/${encodeURIComponent(ratingId)}/${hidden ? 'hide' : 'show'}`),
  wallet: () => get('/api/wallet'),
  statement: (/** @type {string | undefined} */ cursor, limit = 20) =>
    get(`/api/wallet/statement${query({ cursor, limit })}`),
  createOrder: (/** @type {number} */ amount) => post('/api/payments/orders', { amount }),
  payOrder: (/** @type {string} */ orderId) => post(`/api/payments/orders/${encodeURIComponent(orderId)}/pay`),
  /** What the provider's checkout handed the page; the host asks the provider whether it was captured. */
  confirmPayment: (/** @type {Record<string, string>} */ confirmation) =>
    post('/api/payments/confirm', { confirmation }),
  orders: (limit = 20) => get(`/api/payments/orders${query({ limit })}`),
  requestConsultation: (/** @type {string} */ consultantId, /** @type {string} */ service) =>
    post('/api/consultations', { consultantId, service }),
  consultationAction: (/** @type {string} */ id, /** @type {'accept'|'reject'|'cancel'|'end'} */ action) =>
    post(`/api/consultations/${encodeURIComponent(id)}/${action}`),
  consultations: () => get('/api/consultations'),
  consultation: (/** @type {string} */ id) => get(`/api/consultations/${encodeURIComponent(id)}`),
  rate: (/** @type {string} */ id, /** @type {number} */ stars, /** @type {string} */ review) =>
    post(
      `/api/consultations/${encodeURIComponent(id)}/rating`,
      review.trim() ? { stars, review: review.trim() } : { stars },
    ),
  conversations: () => get('/api/conversations'),
  messages: (/** @type {string} */ id, /** @type {number | undefined} */ before, limit = 50) =>
    get(`/api/conversations/${encodeURIComponent(id)}/messages${query({ before, limit })}`),
  putBirthDetails: (/** @type {string} */ id, /** @type {unknown} */ details) =>
    put(`/api/conversations/${encodeURIComponent(id)}/birth-details`, details),
  earnings: () => get('/api/earnings'),
  /** The RazorpayX fund account (`fa_…`) payouts go to, or `null` to remove it. */
  setPayoutAccount: (/** @type {string | null} */ payoutAccount) =>
    put('/api/consultants/me/payout-account', { payoutAccount }),
  /** A payout request; the key makes a retry of the same submission pay once. */
  payout: (/** @type {number} */ amount, /** @type {string} */ idempotencyKey) =>
    request('POST', '/api/payouts', { amount }, { 'idempotency-key': idempotencyKey }),
  adminSessions: () => get('/api/admin/sessions'),
  adminRefund: (/** @type {string} */ sessionId, /** @type {number | undefined} */ amount) =>
    post('/api/admin/refunds', amount === undefined ? { sessionId } : { sessionId, amount }),
  adminRevenue: () => get('/api/admin/revenue'),
  adminOrders: (/** @type {string} */ userId) => get(`/api/admin/payments/orders${query({ userId })}`),
  /** A top-up refund; the key names the refund meant, so a retry of it refunds once. */
  adminRefundTopUp: (
    /** @type {string} */ orderId,
    /** @type {number | undefined} */ amount,
    /** @type {string} */ idempotencyKey,
  ) =>
    request(
      'POST',
      `/api/admin/payments/orders/${encodeURIComponent(orderId)}/refund`,
      amount === undefined ? {} : { amount },
      { 'idempotency-key': idempotencyKey },
    ),
  adminPayouts: (/** @type {string} */ status) => get(`/api/admin/payouts${query({ status })}`),
  settlePayout: (/** @type {string} */ id, /** @type {'paid' | 'failed'} */ outcome, /** @type {string} */ note) =>
    post(`/api/admin/payouts/${encodeURIComponent(id)}/settle`, { outcome, note }),
};
