import type { PayoutProvider, ProviderPayout } from '../payout-provider.js';

/**
 * Payouts by hand, for operators without a payout API: every request waits
 * as `requested` until an operator pays it by bank transfer and calls
 * `settlePayout(id, 'paid', reference)`, or `'failed'` to return the money.
 */
export class ManualPayoutProvider implements PayoutProvider {
  readonly name = 'manual';

  async createPayout(): Promise<ProviderPayout> {
    return { providerPayoutId: null, status: 'queued' };
  }
}

/** Creates the manual payout provider. */
export function createManualPayoutProvider(): ManualPayoutProvider {
  return new ManualPayoutProvider();
}
