import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@jyotishconnect/core';
import type { Account, Wallet } from '@jyotishconnect/wallet-store';
import { z } from 'zod';
import { HostError } from './errors.js';
import type { OrderRecord, OrderStore } from './host-store/index.js';
import { oneLine, parseWith } from './validation.js';

/** The body the payment provider posts to the webhook. */
export const webhookBodySchema = z.object({
  orderId: oneLine.min(1).max(200),
  status: z.literal('paid'),
  eventId: oneLine.min(1).max(200),
});

/** `hex(HMAC-SHA256(secret, rawBody))`, the provider's signature header. */
export function signPayload(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

function signatureMatches(secret: string, rawBody: Buffer, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signPayload(secret, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The wallet credit of an order: keyed by the order, so any number of webhook calls credit it once. */
export const topUpId = (orderId: string): string => `payment:${orderId}`;

/**
 * The top-up flow: create an order, the provider calls the signed webhook,
 * the wallet is credited once per order.
 */
export class Payments {
  constructor(
    private readonly wallet: Wallet,
    private readonly orders: OrderStore,
    private readonly clock: Clock,
    private readonly secret: string,
    private readonly maxTopUp: number,
  ) {}

  /** Creates an order for 1 to `MAX_TOP_UP` paise; `id` makes it idempotent (auto-recharge). */
  async createOrder(userId: string, amount: number, id = `order_${randomUUID()}`): Promise<OrderRecord> {
    // Every way in (the REST route, auto-recharge, a stored setting from before a limit was lowered) passes here.
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > this.maxTopUp) {
      throw new HostError('VALIDATION_FAILED', `amount must be 1 to ${this.maxTopUp} paise (MAX_TOP_UP)`, {
        field: 'amount',
      });
    }
    const order: OrderRecord = { id, userId, amount, status: 'created', eventId: null, createdAt: this.clock.now() };
    if ((await this.orders.insert(order)) === 'duplicate') return (await this.orders.byId(id)) ?? order;
    return order;
  }

  /** Handles a provider webhook: verifies the signature over the raw body, then credits the order once. */
  async handleWebhook(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<{ order: OrderRecord; wallet: Account }> {
    if (!signatureMatches(this.secret, rawBody, signature)) {
      throw new HostError('INVALID_SIGNATURE', 'x-signature does not match the body');
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new HostError('VALIDATION_FAILED', 'the body is not valid JSON');
    }
    const event = parseWith(webhookBodySchema, json, 'body');
    const order = await this.orders.byId(event.orderId);
    if (!order) throw new HostError('ORDER_NOT_FOUND', `no order ${event.orderId}`, { field: 'orderId' });
    // The wallet write is idempotent by order id: a retry, a replay or a crash between the two writes is harmless.
    await this.wallet.topUp({
      id: topUpId(order.id),
      to: order.userId,
      amount: order.amount,
      metadata: { orderId: order.id, provider: 'simulated' },
    });
    const paid = (await this.orders.markPaid(order.id, event.eventId)) ?? order;
    const wallet = await this.wallet.getAccount(order.userId);
    if (!wallet) throw new HostError('ACCOUNT_NOT_FOUND', `no wallet ${order.userId}`);
    return { order: paid, wallet };
  }
}
