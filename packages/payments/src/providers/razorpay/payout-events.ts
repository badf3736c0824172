import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PayoutEvent } from '../../payout-provider.js';
import { WebhookBody } from './webhook-body.js';

// The parts of RazorpayX payout webhooks the payout rules read; other fields pass unchecked.
const OUTCOMES: Readonly<Record<string, PayoutEvent['outcome']>> = {
  'payout.processed': 'paid',
  'payout.failed': 'failed',
  'payout.rejected': 'failed',
  'payout.reversed': 'reversed',
};

const envelope = z.object({ event: z.string().min(1) });
const payoutPayload = z.object({
  payload: z.object({
    payout: z.object({
      entity: z.object({
        id: z.string().regex(/^pout_/),
        // Our payout id; a payout made from the dashboard has none and cannot be ours.
        reference_id: z.string().min(1),
        status: z.string().min(1),
        failure_reason: z.string().nullish(),
        status_details: z.object({ description: z.string().nullish(), reason: z.string().nullish() }).nullish(),
      }),
    }),
  }),
});

/** The payout webhook events the RazorpayX provider understands; subscribe the webhook to these only. */
export const RAZORPAYX_PAYOUT_EVENTS = Object.keys(OUTCOMES);

/**
 * Translates a RazorpayX payout webhook whose signature was already verified.
 * `eventId` is the `x-razorpay-event-id` header; without it, a hash of the body.
 * Throws `INVALID_INPUT` for another event or a body not of the documented shape.
 */
export function translatePayoutWebhook(body: Uint8Array, eventIdHeader: string | undefined): PayoutEvent {
  const eventId = eventIdHeader || `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const json = new WebhookBody(body, 'razorpayx');
  const { event } = json.read(envelope);
  const outcome = OUTCOMES[event];
  // The payout port has no "ignored" outcome: an event it cannot act on is refused, naming it.
  if (!outcome) throw json.malformed(`names ${event}, not one of ${RAZORPAYX_PAYOUT_EVENTS.join(', ')}`, 'event');
  const payout = json.read(payoutPayload).payload.payout.entity;
  const detail = payout.status_details?.description || payout.failure_reason || payout.status_details?.reason;
  return {
    eventId,
    payoutId: payout.reference_id,
    providerPayoutId: payout.id,
    outcome,
    reason: outcome === 'paid' ? null : `${event.slice('payout.'.length)}: ${detail || 'no reason given'}`,
  };
}
