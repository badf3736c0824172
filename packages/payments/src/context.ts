import { isJyotishError } from '@jyotishconnect/core';
import { invalidInput, PaymentError, providerError } from './errors.js';
import { type PaymentsOptions, resolveOptions } from './options.js';
import type { PaymentOrder } from './store.js';

/** The resolved options every payments operation works with, and the lookups they share. */
export class PaymentsContext {
  readonly options: ReturnType<typeof resolveOptions>;

  constructor(options: PaymentsOptions) {
    this.options = resolveOptions(options);
  }

  /** The provider's name, as stored on every order. */
  get provider(): string {
    return this.options.provider.name;
  }

  /** Refuses a user without a wallet in the orders' currency: a payment must have somewhere to go. */
  async assertWallet(userId: string): Promise<void> {
    const { wallet, limits } = this.options;
    const account = await wallet.getAccount(userId);
    if (!account) throw invalidInput('userId', 'has no wallet');
    if (account.currency !== limits.currency) {
      throw new PaymentError('CURRENCY_MISMATCH', `wallet ${userId} holds ${account.currency}`, {
        details: { userId, currency: account.currency },
      });
    }
  }

  /** Runs a provider call; anything but a coded error becomes `PROVIDER_ERROR` (network, 5xx, SDK bugs). */
  async call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isJyotishError(error)) throw error;
      throw providerError(this.provider, operation, error);
    }
  }

  /**
   * The order a provider event names: by the provider's order id, else by our
   * own id when the provider echoed it (an off-session charge whose answer
   * was lost before it could be linked), which links it there and then.
   */
  async orderOf(providerOrderId: string, orderId?: string): Promise<PaymentOrder> {
    const { store } = this.options;
    const found = await store.findOrderByProviderId(this.provider, providerOrderId);
    if (found) return found;
    const echoed = orderId === undefined ? null : await store.getOrder(orderId);
    if (echoed?.provider === this.provider) {
      const linked = await store.linkProviderOrder(echoed.id, providerOrderId);
      if (linked?.providerOrderId === providerOrderId) return linked;
    }
    throw new PaymentError('ORDER_NOT_FOUND', `no order ${providerOrderId} at ${this.provider}`);
  }
}
