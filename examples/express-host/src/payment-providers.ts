import type { Clock } from '@jyotishconnect/core';
import {
  createManualPayoutProvider,
  createSimulatedProvider,
  type PaymentProvider,
  type PayoutProvider,
  type SimulatedProvider,
} from '@jyotishconnect/payments';
import { createRazorpayProvider, createRazorpayXPayoutProvider } from '@jyotishconnect/payments/razorpay';
import { createStripeProvider } from '@jyotishconnect/payments/stripe';
import type { HostConfig } from './config.js';
import { HostError } from './errors.js';
import type { DirectoryStore } from './host-store/index.js';

/** The configured payment provider; `simulated` is set only when it is demo mode's simulated one. */
export interface ConfiguredProvider {
  readonly provider: PaymentProvider;
  readonly simulated: SimulatedProvider | null;
  /** The header the provider signs its webhooks in, for the API reference. */
  readonly signatureHeader: string;
}

/** `http://host:port` as the Stripe SDK takes another API server. */
function stripeApi(url: string) {
  const { hostname, port, protocol } = new URL(url);
  return {
    host: hostname,
    protocol: protocol === 'http:' ? ('http' as const) : ('https' as const),
    ...(port ? { port: Number(port) } : {}),
  };
}

/** Builds the payment provider `config.payments` names; webhook ages are measured on `clock`. */
export function paymentProviderOf(config: HostConfig, clock: Clock): ConfiguredProvider {
  const payments = config.payments;
  switch (payments.provider) {
    case 'simulated': {
      const simulated = createSimulatedProvider({ secret: payments.webhookSecret, clock });
      return { provider: simulated, simulated, signatureHeader: 'x-simulated-signature' };
    }
    case 'stripe': {
      const { secretKey, publishableKey, webhookSecret, apiUrl } = payments;
      const provider = createStripeProvider({
        secretKey,
        publishableKey,
        webhookSecret,
        clock,
        ...(apiUrl ? { api: stripeApi(apiUrl) } : {}),
      });
      return { provider, simulated: null, signatureHeader: 'stripe-signature' };
    }
    case 'razorpay': {
      const { keyId, keySecret, webhookSecret, apiUrl } = payments;
      const provider = createRazorpayProvider({
        keyId,
        keySecret,
        webhookSecret,
        ...(apiUrl ? { baseUrl: apiUrl } : {}),
      });
      return { provider, simulated: null, signatureHeader: 'x-razorpay-signature' };
    }
  }
}

/**
 * Demo mode's payout provider: every payout is `processed` at once, so the
 * earnings leave the books without any money moving. Production refuses it.
 */
export function createInstantPayoutProvider(): PayoutProvider {
  return { name: 'instant', createPayout: async () => ({ providerPayoutId: null, status: 'processed' }) };
}

/** `PAYOUT_ACCOUNT_REQUIRED`: RazorpayX pays a fund account, and this consultant has set none. */
export function payoutAccountRequired(consultantId: string): HostError {
  return new HostError(
    'PAYOUT_ACCOUNT_REQUIRED',
    `set a payout account (a RazorpayX fund account, fa_…) before requesting a payout (${consultantId})`,
    { field: 'payoutAccount' },
  );
}

/** The payout provider `config.payoutProvider` names; RazorpayX pays the fund account in each consultant's profile. */
export function payoutProviderOf(config: HostConfig, directory: DirectoryStore): PayoutProvider {
  const { razorpayx } = config;
  if (config.payoutProvider === 'razorpayx' && razorpayx) {
    const { keyId, keySecret, webhookSecret, accountNumber, mode, apiUrl } = razorpayx;
    return createRazorpayXPayoutProvider({
      keyId,
      keySecret,
      webhookSecret,
      accountNumber,
      mode,
      ...(apiUrl ? { baseUrl: apiUrl } : {}),
      fundAccountOf: async (consultantId) => {
        const account = (await directory.profileOf(consultantId))?.payoutAccount;
        if (!account) throw payoutAccountRequired(consultantId);
        return account;
      },
    });
  }
  return config.payoutProvider === 'instant' ? createInstantPayoutProvider() : createManualPayoutProvider();
}
