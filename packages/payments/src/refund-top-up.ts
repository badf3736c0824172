import { isJyotishError } from '@jyotishconnect/core';
import type { PaymentsContext } from './context.js';
import { topUpTransactionId } from './credit.js';
import { PaymentError } from './errors.js';
import { checkRefundTopUp, type RefundTopUpInput } from './inputs.js';
import type { PaymentOrder, PaymentRefund } from './store.js';

/**
 * Refunds a top-up: debits the wallet first (refused with
 * `FUNDS_ALREADY_SPENT` when the money is spent or held), then asks the
 * provider with the refund id as its idempotency key.
 */
export async function refundTopUp(context: PaymentsContext, input: RefundTopUpInput): Promise<PaymentRefund> {
  const { store, provider, clock } = context.options;
  const request = checkRefundTopUp(input);
  const order = await store.getOrder(request.orderId);
  if (!order) throw new PaymentError('ORDER_NOT_FOUND', `no order ${request.orderId}`);
  if (order.status !== 'paid' || order.paymentId === null) {
    throw new PaymentError('PAYMENT_NOT_CAPTURED', `order ${order.id} is ${order.status}, not paid`);
  }
  const paymentId = order.paymentId;
  const debit = await debitWallet(context, order, paymentId, request);
  const amount = -(debit.postings.find((posting) => posting.accountId === order.userId)?.amount ?? 0);
  const { record } = await store.insertRefund({
    id: request.refundId,
    orderId: order.id,
    paymentId,
    amount,
    status: 'pending',
    providerRefundId: null,
    createdAt: clock.now(),
  });
  if (record.orderId !== order.id || record.amount !== amount) {
    throw new PaymentError('IDEMPOTENCY_CONFLICT', `refund ${request.refundId} was already used differently`);
  }
  if (record.status !== 'pending') return record;
  const answer = await context.call('refund', () =>
    provider.refund({ refundId: record.id, paymentId, amount: record.amount }),
  );
  return (await store.settleRefund({ id: record.id }, answer.status, answer.providerRefundId)) ?? record;
}

async function debitWallet(
  context: PaymentsContext,
  order: PaymentOrder,
  paymentId: string,
  request: RefundTopUpInput,
) {
  try {
    return await context.options.wallet.refund({
      id: `payment-refund:${request.refundId}`,
      transactionId: topUpTransactionId(order.provider, paymentId),
      ...(request.amount === undefined ? {} : { amount: request.amount }),
      metadata: { orderId: order.id, refundId: request.refundId },
    });
  } catch (error) {
    if (isJyotishError(error, 'INSUFFICIENT_FUNDS')) {
      throw new PaymentError('FUNDS_ALREADY_SPENT', `the money of order ${order.id} is already spent or held`, {
        cause: error,
        details: { orderId: order.id },
      });
    }
    if (isJyotishError(error, 'REFUND_EXCEEDS_ORIGINAL')) {
      throw new PaymentError('REFUND_EXCEEDS_PAYMENT', `order ${order.id} has less left to refund`, {
        cause: error,
        details: { orderId: order.id, ...error.details },
      });
    }
    throw error;
  }
}
