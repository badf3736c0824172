import { ManualClock } from '@jyotishconnect/core';
import { onTestFinished } from 'vitest';
import { createStripeProvider } from '../src/providers/stripe/index.js';
import { signedWebhook, startFakeStripe } from '../src/testing/fake-stripe.js';
import { world } from './world.js';

/** Test-mode keys the fake accepts; none of them may ever show up in an error. */
export const SECRET_KEY = 'sk_test_51FakeSecretKey0123456789';
/** The publishable key handed to every checkout. */
export const PUBLISHABLE_KEY = 'pk_test_51FakePublishableKey0123456789';
/** The webhook signing secret the fake's events are signed with. */
export const WEBHOOK_SECRET = 'whsec_fakeWebhookSecret0123456789';
/** The provider's clock: webhooks are signed at this time unless told. */
export const NOW = 1_767_225_600_000;

/** A payments world whose provider is Stripe, pointed at a fresh fake; webhooks are signed at `NOW` unless told. */
export async function stripeWorld() {
  const fake = await startFakeStripe(SECRET_KEY);
  onTestFinished(() => fake.close());
  const provider = createStripeProvider({
    secretKey: SECRET_KEY,
    publishableKey: PUBLISHABLE_KEY,
    webhookSecret: WEBHOOK_SECRET,
    api: fake.api,
    maxNetworkRetries: 0,
    clock: new ManualClock(NOW),
  });
  const w = await world(() => provider);
  const webhook = (type: string, object: Record<string, unknown>, at = NOW, secret = WEBHOOK_SECRET) =>
    signedWebhook(fake.event(type, object), secret, at);
  const start = (id = 'order-1', userId = 'user:asha') => w.payments.startTopUp({ id, userId, amount: 50_000 });
  return { ...w, fake, provider, webhook, start };
}
