import type { Session } from '@jyotishconnect/billing-engine';
import { MAX_REFUND_REPORT_VALUES } from '@jyotishconnect/wallet-store';
import { nameReader } from './names.js';
import type { Services } from './services.js';

/** A session as the admin's table shows it: who took part, and what is refunded and still refundable. */
export type AdminSessionView = Session & {
  /** The user's display name; `null` when the account is gone. */
  readonly userName: string | null;
  /** The consultant's display name; `null` when the account is gone. */
  readonly consultantName: string | null;
  /** Paise given back to the user by session refunds. */
  readonly refunded: number;
  /** Paise of the user's charges not refunded yet: the most a refund can still give back. */
  readonly refundable: number;
};

/**
 * Paise refunded per session id, for a whole page of sessions in one wallet
 * query (`Wallet.refundReport` by `sessionId`), in chunks of the most values one
 * report takes. Sessions that never charged the user have nothing to look up.
 */
async function refundedBySession(services: Services, sessions: readonly Session[]): Promise<Map<string, number>> {
  const ids = [...new Set(sessions.filter((s) => s.summary.userCharged > 0).map((s) => s.id))];
  const refunded = new Map<string, number>();
  for (let start = 0; start < ids.length; start += MAX_REFUND_REPORT_VALUES) {
    const values = ids.slice(start, start + MAX_REFUND_REPORT_VALUES);
    const rows = await services.wallet.refundReport({ field: 'sessionId', groupBy: 'field', values });
    for (const row of rows) refunded.set(row.key, row.refunded);
  }
  return refunded;
}

/**
 * The admin's view of sessions: each with both names (each account read once)
 * and its refund figures. What a session charged the user is its billing
 * summary; what was given back is read for the whole page at once.
 */
export async function adminSessionViews(services: Services, sessions: readonly Session[]): Promise<AdminSessionView[]> {
  const nameOf = nameReader(services);
  const refundedOf = await refundedBySession(services, sessions);
  return await Promise.all(
    sessions.map(async (session) => {
      const refunded = refundedOf.get(session.id) ?? 0;
      return {
        ...session,
        userName: await nameOf(session.userId),
        consultantName: await nameOf(session.consultantId),
        refunded,
        refundable: Math.max(0, session.summary.userCharged - refunded),
      };
    }),
  );
}
