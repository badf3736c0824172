import type { Session } from '@jyotishconnect/billing-engine';
import { sessionEntries } from './invoice.js';
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

/** What a session charged the user and gave back, read from the user's wallet entries carrying its id. */
async function refundFigures(services: Services, session: Session): Promise<{ refunded: number; refundable: number }> {
  // A session that never charged the user has nothing to read (and nothing to refund).
  if (session.summary.userCharged === 0) return { refunded: 0, refundable: 0 };
  const lines = await sessionEntries(services.wallet, session);
  const charged = -lines.filter((l) => l.kind === 'split').reduce((sum, l) => sum + l.amount, 0);
  const refunded = lines.filter((l) => l.kind === 'refund').reduce((sum, l) => sum + l.amount, 0);
  return { refunded, refundable: Math.max(0, charged - refunded) };
}

/** The admin's view of sessions: each with both names (each account read once) and its refund figures. */
export async function adminSessionViews(services: Services, sessions: readonly Session[]): Promise<AdminSessionView[]> {
  const nameOf = nameReader(services);
  return await Promise.all(
    sessions.map(async (session) => ({
      ...session,
      userName: await nameOf(session.userId),
      consultantName: await nameOf(session.consultantId),
      ...(await refundFigures(services, session)),
    })),
  );
}
