// Stand-ins for the providers' browser scripts, which the test machine cannot reach. Each serves a small
// script (./stand-ins/*.js) implementing exactly the global API the web demo calls, with the documented
// shapes, and answers the requests that script makes by paying at the local fake provider. They test the
// page's integration with Stripe.js's and Razorpay Checkout's documented client APIs, not those scripts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Route } from 'playwright-core';
import type { World } from './world.js';

const here = dirname(fileURLToPath(import.meta.url));
const script = (name: string) => readFileSync(join(here, 'stand-ins', name), 'utf8');

/** What the customer does at the provider's checkout, attempt after attempt. */
export type StripeAttempt = 'pay' | 'decline' | 'processing';
export type RazorpayAttempt = 'pay' | 'decline';

/** What the stand-in saw: the scripts loaded, and what each payment was asked with. */
export interface StandIn {
  /** How many times the page loaded the provider's script. */
  scriptLoads: number;
  /** Each attempt's parameters, as the script sent them to the provider. */
  readonly attempts: Record<string, string>[];
}

const html = (body: string) =>
  `<!doctype html><meta charset="utf-8"><body style="font:14px system-ui;margin:0;padding:2px">${body}</body>`;

/** Answers a provider origin's requests with `handle`, and refuses the rest: nothing leaves for the real provider. */
async function serveOrigin(page: Page, origin: string, handle: (route: Route, url: URL) => Promise<boolean>) {
  await page.route(`${origin}/**`, async (route) => {
    if (!(await handle(route, new URL(route.request().url())))) await route.abort('blockedbyclient');
  });
}

/**
 * Stripe.js at js.stripe.com and the confirmation it posts to api.stripe.com. `attempts` says what
 * each confirmation does: `pay` succeeds the PaymentIntent at the fake Stripe and delivers Stripe's
 * webhook to the host before answering (the webhook lands first), `decline` answers Stripe's card
 * error, `processing` leaves the intent unpaid and answers it processing (the test pays it later).
 */
export async function standInStripe(page: Page, world: World, attempts: StripeAttempt[]): Promise<StandIn> {
  const provider = world.provider;
  if (provider?.name !== 'stripe') throw new Error('the Stripe stand-in needs a world with the fake Stripe');
  const seen: StandIn = { scriptLoads: 0, attempts: [] };
  await serveOrigin(page, 'https://js.stripe.com', async (route, url) => {
    if (url.pathname === '/v3') {
      seen.scriptLoads += 1;
      await route.fulfill({ contentType: 'text/javascript', body: script('stripe.js') });
    } else if (url.pathname === '/v3/stand-in-payment-element.html') {
      const field = (label: string, value: string) =>
        `<label style="display:block;margin-bottom:10px;color:#30313d">${label}<div style="border:1px solid #e6e6e6;border-radius:5px;padding:10px;margin-top:4px">${value}</div></label>`;
      await route.fulfill({
        contentType: 'text/html',
        body: html(`${field('Card number', '4242 4242 4242 4242')}${field('Expiry · CVC', '12 / 34 · 123')}`),
      });
    } else return false;
    return true;
  });
  await serveOrigin(page, 'https://api.stripe.com', async (route, url) => {
    const confirm = /^\/v1\/payment_intents\/(pi_[A-Za-z0-9]+)\/confirm$/.exec(url.pathname);
    if (!confirm?.[1] || route.request().method() !== 'POST') return false;
    const intentId = confirm[1];
    const form = Object.fromEntries(new URLSearchParams(route.request().postData() ?? ''));
    seen.attempts.push({ intentId, ...form });
    const attempt = attempts.shift() ?? 'pay';
    const cors = { 'access-control-allow-origin': '*' };
    if (attempt === 'decline') {
      const error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' };
      await route.fulfill({
        status: 402,
        headers: cors,
        json: { error: { ...error, message: 'Your card was declined.' } },
      });
      return true;
    }
    let intent: Record<string, unknown> = { id: intentId, object: 'payment_intent', status: 'processing' };
    if (attempt === 'pay') {
      const { webhook } = await provider.pay(intentId);
      await world.deliver(webhook);
      intent = JSON.parse(webhook.body).data.object;
    }
    await route.fulfill({ headers: cors, json: intent });
    return true;
  });
  return seen;
}

/**
 * Checkout.js at checkout.razorpay.com and its payment window at api.razorpay.com. `attempts` says
 * what each window does: `pay` pays the order at the fake Razorpay, which signs the payment with its
 * key secret in this process, and hands the page that signed payment; `decline` reports the bank's refusal.
 */
export async function standInRazorpay(page: Page, world: World, attempts: RazorpayAttempt[]): Promise<StandIn> {
  const provider = world.provider;
  if (provider?.name !== 'razorpay') throw new Error('the Razorpay stand-in needs a world with the fake Razorpay');
  const seen: StandIn = { scriptLoads: 0, attempts: [] };
  const pageOrigin = new URL(world.url).origin;
  await serveOrigin(page, 'https://checkout.razorpay.com', async (route, url) => {
    if (url.pathname !== '/v1/checkout.js') return false;
    seen.scriptLoads += 1;
    await route.fulfill({ contentType: 'text/javascript', body: script('razorpay.js') });
    return true;
  });
  await serveOrigin(page, 'https://api.razorpay.com', async (route, url) => {
    if (url.pathname !== '/v1/checkout/stand-in') return false;
    const options = Object.fromEntries(url.searchParams);
    seen.attempts.push(options);
    const orderId = options.order_id ?? '';
    const message =
      (attempts.shift() ?? 'pay') === 'pay'
        ? { outcome: 'paid', response: (await provider.pay(orderId)).confirmation }
        : {
            outcome: 'failed',
            response: {
              error: {
                code: 'BAD_REQUEST_ERROR',
                description: 'Payment was declined by the bank',
                source: 'bank',
                step: 'payment_authorization',
                reason: 'payment_failed',
                metadata: { order_id: orderId },
              },
            },
          };
    const post = `parent.postMessage(${JSON.stringify(message)}, ${JSON.stringify(pageOrigin)});`;
    await route.fulfill({
      contentType: 'text/html',
      body: html(`<p>Razorpay test stand-in</p><script>${post}</script>`),
    });
    return true;
  });
  return seen;
}
