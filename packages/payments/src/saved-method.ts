import type { PaymentsContext } from './context.js';
import { creditPayment } from './credit.js';
import { PaymentError } from './errors.js';
import { type ChargeSavedMethodInput, checkChargeSavedMethod } from './inputs.js';
import { type PaymentOrder, unlinkedProviderOrderId } from './store.js';

/** What an off-session charge did: `charged` is false when the order existed already (nothing was charged again). */
export interface SavedMethodChargeResult {
  readonly order: PaymentOrder;
  readonly charged: boolean;
}

/**
 * Charges a saved method once per order id. The order is stored before the
 * provider is asked, so a second call with the id (another process, a
 * replayed trigger, a retry after a decline) charges nothing: a declined
 * charge stays recorded as `failed` and is never retried by itself.
 */
export async function chargeSavedMethod(
  context: PaymentsContext,
  input: ChargeSavedMethodInput,
): Promise<SavedMethodChargeResult> {
  const { store, provider, clock, limits } = context.options;
  const request = checkChargeSavedMethod(input, limits);
  const charge = provider.chargeSavedMethod;
  if (!charge) {
    throw new PaymentError('SAVED_METHOD_UNSUPPORTED', `${provider.name} cannot charge saved methods`);
  }
  const existing = await store.getOrder(request.id);
  if (existing) return { order: existing, charged: false };
  await context.assertWallet(request.userId);
  const { record, inserted } = await store.insertOrder({
    id: request.id,
    userId: request.userId,
    amount: request.amount,
    provider: provider.name,
    providerOrderId: unlinkedProviderOrderId(request.id),
    currency: limits.currency,
    status: 'created',
    paymentId: null,
    failureReason: null,
    checkout: {},
    createdAt: clock.now(),
    paidAt: null,
  });
  if (!inserted) return { order: record, charged: false };

  let outcome: Awaited<ReturnType<typeof charge>>;
  try {
    outcome = await context.call('charge a saved method', () =>
      charge.call(provider, {
        orderId: record.id,
        userId: record.userId,
        amount: record.amount,
        currency: record.currency,
        method: request.method,
      }),
    );
  } catch (error) {
    await store.markFailed(record.id, error instanceof Error ? error.message : 'the provider failed');
    throw error;
  }
  const linked = (await store.linkProviderOrder(record.id, outcome.providerOrderId)) ?? record;
  if (outcome.status === 'captured') {
    return { order: (await creditPayment(context, { ...outcome.payment, orderId: record.id })).order, charged: true };
  }
  if (outcome.status === 'declined') {
    return { order: (await store.markFailed(record.id, outcome.reason)) ?? linked, charged: true };
  }
  return { order: linked, charged: true };
}
