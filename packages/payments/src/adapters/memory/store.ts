import type { Inserted, PaymentOrder, PaymentRefund, PaymentStore, RefundStatus } from '../../store.js';
import { unlinkedProviderOrderId } from '../../store.js';

/** A payment store in process memory: for tests and demos; it forgets everything on exit. */
export class MemoryPaymentStore implements PaymentStore {
  readonly #orders = new Map<string, PaymentOrder>();
  readonly #byProviderId = new Map<string, string>();
  readonly #refunds = new Map<string, PaymentRefund>();

  async insertOrder(order: PaymentOrder): Promise<Inserted<PaymentOrder>> {
    const existing = this.#orders.get(order.id);
    if (existing) return { record: existing, inserted: false };
    const stored = { ...order, checkout: { ...order.checkout } };
    this.#orders.set(order.id, stored);
    this.#byProviderId.set(providerKey(order.provider, order.providerOrderId), order.id);
    return { record: stored, inserted: true };
  }

  async getOrder(id: string): Promise<PaymentOrder | null> {
    return this.#orders.get(id) ?? null;
  }

  async findOrderByProviderId(provider: string, providerOrderId: string): Promise<PaymentOrder | null> {
    const id = this.#byProviderId.get(providerKey(provider, providerOrderId));
    return id === undefined ? null : (this.#orders.get(id) ?? null);
  }

  async claimPayment(orderId: string, paymentId: string, at: number): Promise<PaymentOrder | null> {
    const order = this.#orders.get(orderId);
    if (!order || order.status === 'paid') return order ?? null;
    const paid: PaymentOrder = { ...order, status: 'paid', paymentId, failureReason: null, paidAt: at };
    this.#orders.set(orderId, paid);
    return paid;
  }

  async markFailed(orderId: string, reason: string): Promise<PaymentOrder | null> {
    const order = this.#orders.get(orderId);
    if (!order || order.status === 'paid') return order ?? null;
    const failed: PaymentOrder = { ...order, status: 'failed', failureReason: reason };
    this.#orders.set(orderId, failed);
    return failed;
  }

  async linkProviderOrder(orderId: string, providerOrderId: string): Promise<PaymentOrder | null> {
    const order = this.#orders.get(orderId);
    if (!order || order.providerOrderId !== unlinkedProviderOrderId(orderId)) return order ?? null;
    const linked: PaymentOrder = { ...order, providerOrderId };
    this.#orders.set(orderId, linked);
    this.#byProviderId.delete(providerKey(order.provider, order.providerOrderId));
    this.#byProviderId.set(providerKey(order.provider, providerOrderId), orderId);
    return linked;
  }

  async ordersOf(userId: string, limit: number): Promise<PaymentOrder[]> {
    return [...this.#orders.values()]
      .filter((order) => order.userId === userId)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
  }

  async insertRefund(refund: PaymentRefund): Promise<Inserted<PaymentRefund>> {
    const existing = this.#refunds.get(refund.id);
    if (existing) return { record: existing, inserted: false };
    this.#refunds.set(refund.id, { ...refund });
    return { record: refund, inserted: true };
  }

  async settleRefund(
    match: { readonly id: string } | { readonly providerRefundId: string },
    status: RefundStatus,
    providerRefundId?: string,
  ): Promise<PaymentRefund | null> {
    const refund =
      'id' in match
        ? this.#refunds.get(match.id)
        : [...this.#refunds.values()].find((r) => r.providerRefundId === match.providerRefundId);
    if (!refund) return null;
    // A processed refund stays processed: a late `pending` answer must not undo it.
    const settled: PaymentRefund = {
      ...refund,
      status: refund.status === 'processed' ? 'processed' : status,
      providerRefundId: providerRefundId ?? refund.providerRefundId,
    };
    this.#refunds.set(refund.id, settled);
    return settled;
  }
}

const providerKey = (provider: string, providerOrderId: string) => `${provider}\u0000${providerOrderId}`;

/** Creates an empty in-memory payment store. */
export function createMemoryPaymentStore(): MemoryPaymentStore {
  return new MemoryPaymentStore();
}
