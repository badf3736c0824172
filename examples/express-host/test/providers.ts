import { randomBytes } from 'node:crypto';
import { createSimulatedProvider, type SimulatedProvider } from '@jyotishconnect/payments';
import { type FakeRazorpay, startFakeRazorpay } from '@jyotishconnect/payments/testing/razorpay';
import { signedWebhook, startFakeStripe } from '@jyotishconnect/payments/testing/stripe';

/** A webhook as a provider posts it: the raw body and the headers that sign it. */
export interface Webhook {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A payment a customer made at the provider. */
export interface ProviderPayment {
  /** What the provider's checkout hands the client: the body of `POST /api/payments/confirm`. */
  readonly confirmation: Readonly<Record<string, string>>;
  /** The webhook the provider then posts about it. */
  readonly webhook: Webhook;
}

/** What the customer's bank does: capture another amount than the order's; sign the webhook at another instant. */
export interface PayOptions {
  readonly amount?: number;
  /** Epoch ms the webhook is signed at; the host's time by default. */
  readonly at?: number;
  /** The card paid with, when the order saves it, is declined at every later off-session charge. */
  readonly savedCardDeclines?: boolean;
}

/** The payment providers a test host can run with. */
export type ProviderName = 'simulated' | 'stripe' | 'razorpay';

/** The provider's side of a test: customers paying orders at it, and its webhook signatures. */
export interface TestProvider {
  readonly name: ProviderName;
  /** The environment a host needs to use it (none for the simulated provider: demo mode's default). */
  readonly env: Readonly<Record<string, string>>;
  /** The customer pays the order the provider knows as `providerOrderId` (the order's `checkout.providerOrderId`). */
  pay(providerOrderId: string, options?: PayOptions): Promise<ProviderPayment>;
  /** `body` signed as the provider signs webhooks, at `at`, or with a secret that is not the provider's (`forged`). */
  sign(body: string, options?: { at?: number; forged?: boolean }): Record<string, string>;
  /** How many off-session charges of saved methods the provider was asked for (0 for the simulated provider, which keeps no count). */
  offSessionCharges(): number;
  /** The bank settles every accepted off-session charge still pending (Razorpay's recurring payments); the webhooks it sends. */
  settleOffSession(): Webhook[];
  close(): Promise<void>;
}

const hex = (bytes = 16) => randomBytes(bytes).toString('hex');

/** A local fake Stripe API with fresh test-mode keys; webhooks are signed by the SDK's own signer. */
export async function startStripe(now: () => number): Promise<TestProvider> {
  const secretKey = `sk_test_${hex()}`;
  const webhookSecret = `whsec_${hex()}`;
  const fake = await startFakeStripe(secretKey);
  const sign = (body: string, options: { at?: number; forged?: boolean } = {}) =>
    signedWebhook(body, options.forged ? `whsec_${hex()}` : webhookSecret, options.at ?? now()).headers;
  return {
    name: 'stripe',
    env: {
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_PUBLISHABLE_KEY: `pk_test_${hex()}`,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_URL: `http://${fake.api.host}:${fake.api.port}`,
    },
    pay: async (intentId, options = {}) => {
      const card = options.savedCardDeclines ? 'pm_card_chargeDeclined' : 'pm_card_visa';
      const intent =
        options.amount === undefined
          ? fake.succeed(intentId, card)
          : fake.update(intentId, { status: 'succeeded', amount_received: options.amount });
      const body = fake.event('payment_intent.succeeded', intent);
      return { confirmation: { payment_intent: intentId }, webhook: { body, headers: sign(body, options) } };
    },
    sign,
    offSessionCharges: () =>
      fake.requests.filter((r) => r.path === '/v1/payment_intents' && r.form.off_session === 'true' && !r.replayed)
        .length,
    // Stripe answers an off-session charge at once: nothing is left to settle.
    settleOffSession: () => [],
    close: () => fake.close(),
  };
}

/** A local fake Razorpay API with fresh test-mode keys. Razorpay signs no timestamp: `at` changes nothing. */
export async function startRazorpay(): Promise<TestProvider> {
  const keyId = `rzp_test_${hex(7)}`;
  const keySecret = hex();
  const webhookSecret = hex();
  const { fake, baseUrl } = await startFakeRazorpay(keyId, keySecret, webhookSecret);
  return {
    name: 'razorpay',
    env: {
      PAYMENT_PROVIDER: 'razorpay',
      RAZORPAY_KEY_ID: keyId,
      RAZORPAY_KEY_SECRET: keySecret,
      RAZORPAY_WEBHOOK_SECRET: webhookSecret,
      RAZORPAY_API_URL: baseUrl,
    },
    pay: async (orderId, options = {}) => {
      const { payment, confirmation } = fake.pay(orderId, {
        ...(options.amount === undefined ? {} : { amount: options.amount }),
        ...(options.savedCardDeclines ? { savedCardDeclines: true } : {}),
      });
      return { confirmation, webhook: fake.webhook('payment.captured', { payment }) };
    },
    sign: (body, options = {}) => fake.sign(body, options.forged ? hex() : webhookSecret),
    offSessionCharges: () => fake.requests.filter((r) => r.path === '/v1/payments/create/recurring').length,
    settleOffSession: () =>
      [...fake.payments.values()]
        .filter((payment) => payment.recurring === true && payment.status === 'created')
        .map((payment) => fake.captureRecurring(payment.id)),
    close: () => fake.close(),
  };
}

/** Demo mode's simulated provider, as the host runs it in this process. */
export function simulatedSide(simulated: SimulatedProvider): TestProvider {
  const forger = createSimulatedProvider({ secret: `forged-${hex()}` });
  const sign = (body: string, options: { at?: number; forged?: boolean } = {}) =>
    (options.forged ? forger : simulated).signWebhook(body, options.at);
  return {
    name: 'simulated',
    env: {},
    pay: async (providerOrderId, options = {}) => {
      const payment = simulated.pay(providerOrderId, options.amount === undefined ? {} : { amount: options.amount });
      const { body } = payment.webhook;
      const headers = options.at === undefined ? payment.webhook.headers : sign(body, options);
      return { confirmation: payment.confirmation, webhook: { body, headers } };
    },
    sign,
    offSessionCharges: () => 0,
    settleOffSession: () => [],
    close: async () => {},
  };
}

/** Starts the fake of a real provider; `now` is the host's time, which Stripe's signatures are dated by. */
export async function startProvider(name: 'stripe' | 'razorpay', now: () => number): Promise<TestProvider> {
  return name === 'stripe' ? await startStripe(now) : await startRazorpay();
}

/** The RazorpayX settings of a host paying out through `baseUrl`. */
export function razorpayXEnv(fake: FakeRazorpay, baseUrl: string): Record<string, string> {
  return {
    PAYOUT_PROVIDER: 'razorpayx',
    RAZORPAYX_KEY_ID: fake.keyId,
    RAZORPAYX_KEY_SECRET: fake.keySecret,
    RAZORPAYX_WEBHOOK_SECRET: fake.webhookSecret,
    RAZORPAYX_ACCOUNT_NUMBER: '7878780080316316',
    RAZORPAYX_API_URL: baseUrl,
  };
}
