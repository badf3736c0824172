import { randomUUID } from 'node:crypto';
import type { Account } from '@jyotishconnect/wallet-store';
import type { OrderRecord } from './host-store/index.js';
import { type Payments, signPayload } from './payments.js';

/**
 * Demo mode's payment provider: it charges nobody and calls the webhook
 * logic with a valid signature. The host creates it only when `DEMO=true`,
 * so production never simulates a payment.
 */
export class SimulatedProvider {
  constructor(
    private readonly payments: Payments,
    private readonly webhookSecret: string,
  ) {}

  /** Pays an order, as the provider's checkout page would. */
  async pay(orderId: string): Promise<{ order: OrderRecord; wallet: Account }> {
    const raw = Buffer.from(JSON.stringify({ orderId, status: 'paid', eventId: `evt_${randomUUID()}` }));
    return await this.payments.handleWebhook(raw, signPayload(this.webhookSecret, raw));
  }

  /**
   * Charges the user's (simulated) saved payment method `amount` paise. The
   * order id derives from `key`, and the wallet credit from the order: the
   * same key pays once, from any process, however often it is asked.
   */
  async chargeSavedMethod(userId: string, amount: number, key: string): Promise<void> {
    const order = await this.payments.createOrder(userId, amount, `auto_${key}`);
    if (order.status !== 'paid') await this.pay(order.id);
  }
}
