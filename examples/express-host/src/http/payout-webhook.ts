import { RAZORPAY_SIGNATURE_HEADER } from '@jyotishconnect/payments/razorpay';
import { z } from 'zod';
import type { Services } from '../services.js';
import type { ApiRouter } from './api.js';
import { rejectControlCharactersInJson } from './control-characters.js';

/** `POST /api/payouts/webhook`: the payout provider (RazorpayX) settles payouts by its signed webhooks. */
export function payoutWebhookRoutes(api: ApiRouter, services: Services): void {
  api.post(
    '/payouts/webhook',
    {
      summary:
        "The payout provider's webhook (RazorpayX: payout.processed, payout.failed, payout.rejected, payout.reversed). The signature over the raw body is verified first; processed settles the payout paid (the money leaves the platform), failed or rejected returns it to the consultant, reversed after payment brings it back. 200 when applied (again for a replay); INVALID_SIGNATURE and INVALID_INPUT 400, PAYOUT_NOT_FOUND 404, PAYOUT_ALREADY_SETTLED 409 (another outcome than the one applied), and nothing moved",
      tag: 'earnings',
      access: 'public',
      raw: true,
      headers: { [RAZORPAY_SIGNATURE_HEADER]: 'The RazorpayX signature of the raw body' },
      body: z.record(z.string(), z.unknown()),
    },
    async ({ req }) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      rejectControlCharactersInJson(raw);
      const payout = await services.payouts.handlePayoutWebhook(raw, req.headers);
      services.logger.info({ payoutId: payout.id, status: payout.status }, 'payout settled by the provider');
      // As an operator's settlement is: keyed by payout and outcome, so a replayed webhook logs once.
      const details = {
        outcome: payout.status,
        note: payout.note,
        amount: payout.amount,
        consultantId: payout.consultantId,
      };
      const actor = `provider:${payout.provider}`;
      await services.audit(actor, 'settle_payout', payout.id, details, `audit:settle:${payout.id}:${payout.status}`);
      return { received: true, payoutId: payout.id, status: payout.status };
    },
  );
}
