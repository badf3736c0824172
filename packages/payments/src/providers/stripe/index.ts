export type { StripeProviderOptions } from './options.js';
export { createStripeProvider, STRIPE_SIGNATURE_HEADER, StripeProvider } from './provider.js';
