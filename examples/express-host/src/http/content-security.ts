import type { PaymentProviderConfig } from '../config.js';

type Provider = PaymentProviderConfig['provider'];

/** The CSP directives that take origins beyond the page's own. */
interface CheckoutOrigins {
  readonly scriptSrc?: readonly string[];
  readonly frameSrc?: readonly string[];
  readonly connectSrc?: readonly string[];
  readonly imgSrc?: readonly string[];
}

/**
 * What each provider's browser checkout needs the page's Content-Security-Policy to
 * allow, as the provider documents it, and nothing more.
 *
 * - Stripe (docs.stripe.com/security/guide, "Content Security Policy"): Stripe.js
 *   and its frames from `js.stripe.com` and its subdomains, 3D Secure and
 *   redirect frames from `hooks.stripe.com`, API calls to `api.stripe.com`. The
 *   `maps.googleapis.com` origins Stripe lists serve only the Address Element's
 *   autocomplete, which the web demo does not use.
 * - Razorpay (the CSP allowlist of Razorpay's own Magento plugin,
 *   github.com/razorpay/razorpay-magento `etc/csp_whitelist.xml`): Checkout.js
 *   from `checkout.razorpay.com` and `cdn.razorpay.com`, the checkout frame
 *   from `api.razorpay.com`, its logging endpoints, its images from the CDN.
 * - The simulated provider (demo mode) has no browser checkout: nothing.
 */
export const CHECKOUT_ORIGINS: Readonly<Record<Provider, CheckoutOrigins>> = {
  simulated: {},
  stripe: {
    scriptSrc: ['https://js.stripe.com', 'https://*.js.stripe.com'],
    frameSrc: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
    connectSrc: ['https://api.stripe.com'],
  },
  razorpay: {
    scriptSrc: ['https://checkout.razorpay.com', 'https://cdn.razorpay.com'],
    frameSrc: ['https://api.razorpay.com'],
    connectSrc: ['https://lumberjack.razorpay.com', 'https://lumberjack-metrics.razorpay.com'],
    imgSrc: ['https://cdn.razorpay.com'],
  },
};

/** What each directive allows before a provider adds to it: helmet's defaults, and the page's own origin. */
const OWN: Required<{ [K in keyof CheckoutOrigins]: readonly string[] }> = {
  scriptSrc: ["'self'"],
  frameSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
};

/**
 * The directives helmet is given over its defaults: no `upgrade-insecure-requests`
 * (self-hosters often serve plain HTTP on a LAN address), and the configured
 * provider's checkout origins, only that provider's.
 */
export function contentSecurityDirectives(provider: Provider): Record<string, string[] | null> {
  const origins = CHECKOUT_ORIGINS[provider];
  const directives: Record<string, string[] | null> = { upgradeInsecureRequests: null };
  for (const name of Object.keys(OWN) as (keyof CheckoutOrigins)[]) {
    const extra = origins[name];
    if (extra) directives[name] = [...OWN[name], ...extra];
  }
  return directives;
}
