import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakePayoutEvent, FakeRazorpayPayouts } from './fake-razorpay-payouts.js';
import { captureRecurringPayment, createRecurringPayment, newCustomer } from './fake-razorpay-recurring.js';
import {
  type Answer,
  type Entity,
  apiError as error,
  hmac,
  fakeId as id,
  invalidRequest,
  NOW,
} from './fake-razorpay-shared.js';
import { authorisationFields, createCustomer, type FakeToken, savingOrderProblem } from './fake-razorpay-tokens.js';
import { FakeRazorpayXAccounts } from './fake-razorpayx-accounts.js';

// A local stand-in for Razorpay's v1 API: the documented response shapes of the
// calls the providers make (orders, payments, refunds, customers, recurring
// payments, RazorpayX payouts), Basic auth, refund and payout idempotency, and
// webhooks and confirmations signed as Razorpay documents (hex HMAC-SHA256).

type Headers = IncomingMessage['headers'];

/** A request the fake received, body parsed. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** What {@link FakeRazorpay.pay} makes of the customer's attempt. */
export interface FakePayOptions {
  readonly status?: 'captured' | 'authorized' | 'failed';
  readonly amount?: number;
  readonly currency?: string;
  /** The card this payment saves (on an authorisation order) is declined by its bank at every later charge. */
  readonly savedCardDeclines?: boolean;
}

/** A fake Razorpay API on 127.0.0.1; every test starts its own. */
export class FakeRazorpay {
  readonly requests: RecordedRequest[] = [];
  readonly orders = new Map<string, Entity>();
  readonly payments = new Map<string, Entity>();
  readonly refunds = new Map<string, Entity>();
  readonly customers = new Map<string, Entity>();
  /** Card tokens saved by authorisation payments (`token_…`). */
  readonly tokens = new Map<string, FakeToken>();
  /** RazorpayX payouts, on the same host and keys. */
  readonly payouts = new FakeRazorpayPayouts();
  /** RazorpayX contacts and fund accounts, on the same host and keys. */
  readonly accounts = new FakeRazorpayXAccounts();
  /** Status of the refunds it creates next. */
  refundStatus: 'processed' | 'pending' = 'processed';
  #failNext: { status: number; afterProcessing: boolean; path: string | undefined } | null = null;
  readonly #byIdempotencyKey = new Map<string, { body: string; refund: Entity }>();
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  constructor(
    readonly keyId: string,
    readonly keySecret: string,
    readonly webhookSecret: string,
  ) {}

  /** Starts listening; resolves to the base URL to hand the provider. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Stops listening. */
  async close(): Promise<void> {
    await new Promise((resolve) => this.#server.close(resolve));
  }

  /**
   * Answers the next request (to `path`, when given) with `status` and a body
   * echoing the credentials; `afterProcessing` does the work first (a lost answer).
   */
  failNext(status = 500, afterProcessing = false, path?: string): void {
    this.#failNext = { status, afterProcessing, path };
  }

  /** A Razorpay customer, whose email and contact recurring charges may read; returns its id (`cust_…`). */
  addCustomer(email = 'asha@example.com', contact = '+919876543210'): string {
    const customer = newCustomer(email, contact);
    this.customers.set(customer.id, customer);
    return customer.id;
  }

  /** The bank captures an accepted recurring payment; returns the signed `payment.captured` webhook. */
  captureRecurring(paymentId: string, secret = this.webhookSecret) {
    return this.webhook('payment.captured', { payment: captureRecurringPayment(this, paymentId) }, secret);
  }

  /** RazorpayX settles a payout as `event` says; returns the signed webhook it sends. */
  payoutWebhook(payoutId: string, event: FakePayoutEvent, secret = this.webhookSecret) {
    return this.webhook(event, { payout: this.payouts.settle(payoutId, event) }, secret);
  }

  /** A customer pays an order; returns the payment and what Standard Checkout hands the client. */
  pay(orderId: string, options: FakePayOptions = {}) {
    const order = this.orders.get(orderId);
    const status = options.status ?? 'captured';
    const payment: Entity = {
      id: id('pay'),
      entity: 'payment',
      amount: options.amount ?? order?.amount ?? 100,
      currency: options.currency ?? order?.currency ?? 'INR',
      status,
      order_id: orderId,
      method: 'upi',
      amount_refunded: 0,
      captured: status === 'captured',
      error_description: status === 'failed' ? 'Payment was declined by the bank' : null,
      created_at: NOW,
      ...(order && status === 'captured' ? authorisationFields(this, order, options.savedCardDeclines === true) : {}),
    };
    this.payments.set(payment.id, payment);
    const confirmation = {
      razorpay_order_id: orderId,
      razorpay_payment_id: payment.id,
      razorpay_signature: hmac(this.keySecret, `${orderId}|${payment.id}`),
    };
    return { payment, confirmation };
  }

  /** A webhook as Razorpay sends it: body, signature over the raw body, event id. */
  webhook(event: string, entities: Record<string, Entity>, secret = this.webhookSecret) {
    const payload = Object.fromEntries(Object.entries(entities).map(([name, entity]) => [name, { entity }]));
    const body = JSON.stringify({
      entity: 'event',
      account_id: 'acc_BFQ7uQEaa7j2z7',
      event,
      contains: Object.keys(entities),
      payload,
      created_at: NOW,
    });
    return { body, headers: this.sign(body, secret) };
  }

  /** The headers Razorpay would send with this raw body. */
  sign(body: string, secret = this.webhookSecret): Record<string, string> {
    return { 'x-razorpay-signature': hmac(secret, body), 'x-razorpay-event-id': id('evt') };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const send = (status: number, answer: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    const expected = `Basic ${Buffer.from(`${this.keyId}:${this.keySecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      return void send(401, error('BAD_REQUEST_ERROR', 'Authentication failed'));
    }
    const failure = this.#failNext?.path === undefined || this.#failNext.path === path ? this.#failNext : null;
    if (failure) this.#failNext = null;
    if (failure && !failure.afterProcessing) return void send(failure.status, this.#echo(req));
    const [status, answer] = this.#route(req.method ?? '', path, body, raw, req.headers);
    if (failure) return void send(failure.status, this.#echo(req));
    send(status, answer);
  }

  #route(method: string, path: string, body: Record<string, unknown>, raw: string, headers: Headers): Answer {
    if (method === 'POST' && path === '/v1/orders') {
      const problem = savingOrderProblem(this, body);
      return problem ? invalidRequest(...problem) : [200, this.#createOrder(body)];
    }
    if (method === 'POST' && path === '/v1/customers') return createCustomer(this, body);
    if (method === 'POST' && path === '/v1/contacts') return this.accounts.createContact(body);
    if (method === 'POST' && path === '/v1/fund_accounts') return this.accounts.createFundAccount(body);
    if (method === 'POST' && path === '/v1/payouts') {
      return this.payouts.create(body, raw, headers['x-payout-idempotency']);
    }
    if (method === 'POST' && path === '/v1/payments/create/recurring') return createRecurringPayment(this, body);
    const customer = this.customers.get(/^\/v1\/customers\/([^/]+)$/.exec(path)?.[1] ?? '');
    if (method === 'GET' && customer) return [200, customer];
    const payment = this.payments.get(/^\/v1\/payments\/([^/]+)/.exec(path)?.[1] ?? '');
    if (!payment) return [400, error('BAD_REQUEST_ERROR', 'The id provided does not exist')];
    if (method === 'GET' && path === `/v1/payments/${payment.id}`) return [200, payment];
    if (method === 'POST' && path === `/v1/payments/${payment.id}/refund`) {
      const key = headers['x-refund-idempotency'];
      return this.#refund(payment, body, raw, typeof key === 'string' ? key : undefined);
    }
    return [404, error('BAD_REQUEST_ERROR', 'The requested URL was not found on the server.')];
  }

  #createOrder(body: Record<string, unknown>): Entity {
    const { amount, currency, receipt = null, notes = [], customer_id, method, token } = body;
    const order = { id: id('order'), entity: 'order', amount, amount_paid: 0, amount_due: amount, currency, receipt };
    const saving = customer_id === undefined ? {} : { customer_id, method, token };
    const entity: Entity = {
      ...order,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes,
      created_at: NOW,
      ...saving,
    };
    this.orders.set(entity.id, entity);
    return entity;
  }

  #refund(payment: Entity, body: Record<string, unknown>, raw: string, key?: string): Answer {
    const seen = key === undefined ? undefined : this.#byIdempotencyKey.get(key);
    if (seen?.body === raw) return [200, seen.refund];
    if (seen) return [400, error('BAD_REQUEST_ERROR', 'Different request with the same idempotency key')];
    const amount = Number(body.amount ?? payment.amount);
    if (payment.status !== 'captured' || amount > Number(payment.amount) - Number(payment.amount_refunded)) {
      return [400, error('BAD_REQUEST_ERROR', 'The refund amount provided is greater than amount captured')];
    }
    payment.amount_refunded = Number(payment.amount_refunded) + amount;
    const { notes = [], receipt = null } = body;
    const refund: Entity = {
      id: id('rfnd'),
      entity: 'refund',
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      notes,
      receipt,
      acquirer_data: { arn: null },
      created_at: NOW,
      batch_id: null,
      status: this.refundStatus,
      speed_processed: 'normal',
      speed_requested: 'normal',
    };
    this.refunds.set(refund.id, refund);
    if (key !== undefined) this.#byIdempotencyKey.set(key, { body: raw, refund });
    return [200, refund];
  }

  /** A worst-case error body: it repeats the decoded credentials, which the provider must not pass on. */
  #echo(req: IncomingMessage): unknown {
    const credentials = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    return error('SERVER_ERROR', `We are facing some trouble completing your request (auth ${credentials})`);
  }
}

/** Starts a fake Razorpay with these credentials. */
export async function startFakeRazorpay(keyId: string, keySecret: string, webhookSecret: string) {
  const fake = new FakeRazorpay(keyId, keySecret, webhookSecret);
  return { fake, baseUrl: await fake.start() };
}
