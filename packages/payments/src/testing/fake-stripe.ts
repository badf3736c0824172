// A local stand-in for the three Stripe endpoints the provider calls, answering
// with the documented response shapes, so the SDK runs unmodified against it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { type FakeAnswer, fakeId as id, stripeError } from './fake-stripe-answers.js';
import { FakeStripeCustomers } from './fake-stripe-customers.js';
import { fakePaymentIntents } from './fake-stripe-intents.js';

type Json = Record<string, unknown>;

/** One request as the fake received it; `form` holds the form-encoded keys as sent (`metadata[orderId]`). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly form: Readonly<Record<string, string>>;
  /** True when the answer was the stored one of an earlier request with the same key. */
  replayed: boolean;
}

/** How the next request fails: a 500 before Stripe acts, a dropped connection before or after it acts. */
export type FakeFailure = 'server-error' | 'network' | 'lose-response';

/** Signs a webhook body with the SDK's own test signer, as Stripe would at `atMs`. */
export function signedWebhook(payload: string, secret: string, atMs: number) {
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(atMs / 1000) });
  return { body: payload, headers: { 'stripe-signature': header } };
}

/** Starts the fake on 127.0.0.1 at a free port; it accepts only `Bearer <secretKey>`. */
export async function startFakeStripe(secretKey: string) {
  const intents = new Map<string, Json>();
  const customers = new FakeStripeCustomers();
  const paymentIntents = fakePaymentIntents(intents, customers);
  const refunds = new Map<string, Json>();
  const stored = new Map<string, FakeAnswer & { fingerprint: string }>();
  const requests: RecordedRequest[] = [];
  const failures: FakeFailure[] = [];
  const state = { refundStatus: 'succeeded' };

  const invalid = (status: number, message: string, code?: string) =>
    stripeError(status, 'invalid_request_error', message, code);

  function route(method: string, path: string, form: Record<string, string>): FakeAnswer {
    if (method === 'POST' && path === '/v1/payment_intents') return paymentIntents.create(form);
    if (method === 'POST' && path === '/v1/customers') return customers.create(form);
    const methodPath = /^\/v1\/payment_methods\/([^/]+)$/.exec(path);
    if (method === 'GET' && methodPath?.[1]) return customers.retrieve(decodeURIComponent(methodPath[1]));
    const intentPath = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && intentPath?.[1]) {
      const intent = intents.get(decodeURIComponent(intentPath[1]));
      if (intent) return { status: 200, body: intent };
      return invalid(404, `No such payment_intent: '${intentPath[1]}'`, 'resource_missing');
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(form.payment_intent ?? '');
      if (!intent) return invalid(400, 'No such payment_intent', 'resource_missing');
      const refunded = [...refunds.values()]
        .filter((refund) => refund.payment_intent === intent.id)
        .reduce((sum, refund) => sum + Number(refund.amount), 0);
      const amount = form.amount === undefined ? Number(intent.amount_received) - refunded : Number(form.amount);
      if (intent.status !== 'succeeded' || amount < 1 || refunded + amount > Number(intent.amount_received)) {
        return invalid(400, 'Refund amount is greater than unrefunded amount', 'amount_too_large');
      }
      const refund: Json = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: intent.currency,
        payment_intent: intent.id,
        charge: id('ch'),
        status: state.refundStatus,
        metadata: { refundId: form['metadata[refundId]'] },
        created: Math.floor(Date.now() / 1000),
      };
      refunds.set(String(refund.id), refund);
      return { status: 200, body: refund };
    }
    return invalid(404, `Unrecognized request URL (${method}: ${path})`);
  }

  function serve(req: IncomingMessage, res: ServerResponse, raw: string) {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    const recorded: RecordedRequest = {
      method,
      path,
      authorization: req.headers.authorization,
      idempotencyKey,
      form: Object.fromEntries(new URLSearchParams(raw)),
      replayed: false,
    };
    requests.push(recorded);
    const send = ({ status, body }: FakeAnswer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...extra });
      res.end(JSON.stringify(body));
    };
    const failure = failures.shift();
    if (failure === 'network') return void req.socket.destroy();
    // A failure in front of Stripe (a proxy, say) that echoes the credentials: the worst case for a leak.
    if (failure === 'server-error')
      return send(stripeError(500, 'api_error', `upstream failed for ${recorded.authorization}`));
    if (recorded.authorization !== `Bearer ${secretKey}`) {
      return send(invalid(401, `Invalid API Key provided: ${'*'.repeat(8)}`));
    }
    const fingerprint = `${method} ${path} ${raw}`;
    const earlier = idempotencyKey === undefined ? undefined : stored.get(idempotencyKey);
    if (earlier && earlier.fingerprint !== fingerprint) {
      return send(stripeError(400, 'idempotency_error', 'Keys can only be reused with the same parameters.'));
    }
    recorded.replayed = earlier !== undefined;
    const answer = earlier ?? route(method, path, recorded.form);
    // Stripe saves the result of a request that ran, a card decline (402) included; one refused by validation may be sent again.
    if (idempotencyKey !== undefined && method === 'POST' && (answer.status === 200 || answer.status === 402)) {
      stored.set(idempotencyKey, { fingerprint, ...answer });
    }
    if (failure === 'lose-response') return void req.socket.destroy();
    send(answer, recorded.replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => serve(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    api: { host: '127.0.0.1', port, protocol: 'http' as const },
    requests,
    /** The PaymentIntent with this id as the fake holds it, or `undefined`. */
    intent: (intentId: string) => intents.get(intentId),
    /** Every PaymentIntent created, oldest first (one whose answer was lost included). */
    intents: () => [...intents.values()],
    /** Every refund created, oldest first. */
    refunds: () => [...refunds.values()],
    /** Changes an intent as the customer's bank would (`status: 'processing'`, say); returns it. */
    update(intentId: string, patch: Json): Json {
      const intent = { ...intents.get(intentId), ...patch };
      intents.set(intentId, intent);
      return intent;
    },
    /**
     * Captures an intent in full, as the customer's payment with `testMethod`
     * does; an intent created with `setup_future_usage` and a customer leaves
     * the new PaymentMethod attached to that customer. Returns the intent.
     */
    succeed(intentId: string, testMethod = 'pm_card_visa'): Json {
      const intent = intents.get(intentId);
      const customer = typeof intent?.customer === 'string' ? intent.customer : null;
      const saving = intent?.setup_future_usage ? customer : null;
      const paymentMethod = intent?.payment_method ?? customers.cloneTestMethod(testMethod, saving);
      return this.update(intentId, {
        status: 'succeeded',
        amount_received: intent?.amount,
        payment_method: paymentMethod,
      });
    },
    /** The customers the fake holds, by id (as `POST /v1/customers` created them). */
    customers,
    /** A customer with a saved test method (`pm_card_visa`, `pm_card_chargeDeclined`, …): what to charge off-session. */
    saveMethod: paymentIntents.saveMethod,
    /** Makes a payment method confirm as told from now on (`processing`, say, as after an e-mandate's pre-debit notice). */
    answerMethod: paymentIntents.answerMethod,
    /** The status the next refunds are created with (`succeeded`, `pending`, …). */
    setRefundStatus(status: string) {
      state.refundStatus = status;
    },
    /** Fails the next request as told; several queue up. */
    failNext(failure: FakeFailure) {
      failures.push(failure);
    },
    /** The JSON body Stripe posts to a webhook endpoint for `object`. */
    event(type: string, object: Json): string {
      const created = Math.floor(Date.now() / 1000);
      const envelope = { id: id('evt'), object: 'event', api_version: Stripe.API_VERSION, created, livemode: false };
      return JSON.stringify({ ...envelope, type, data: { object }, pending_webhooks: 1 });
    },
    /** Stops the fake and drops its connections. */
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A running fake Stripe API. */
export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
