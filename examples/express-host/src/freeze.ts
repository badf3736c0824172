import { isJyotishError } from '@jyotishconnect/core';
import type { UserRecord } from './host-store/index.js';
import type { Services } from './services.js';

/**
 * Freezes an account everywhere at once: it can no longer log in or call the
 * API, its connections close in every process (and every frame is checked,
 * for one that races this), its open consultations end charging only what
 * was served, and then its wallet takes part in nothing. The order matters:
 * a session ended after the wallet froze could not charge its last interval.
 * Returns `null` for an unknown account.
 */
export async function freezeAccount(services: Services, accountId: string): Promise<UserRecord | null> {
  const user = await services.host.accounts.setFrozen(accountId, true);
  if (!user) return null;
  await services.transport.disconnectUser(accountId, 'account frozen');
  await endOpenSessions(services, accountId);
  if (await services.wallet.getAccount(accountId)) await services.wallet.freeze(accountId);
  return user;
}

/** Ends an account's open consultations (a suspended consultant's too), charging only what was served. */
export async function endOpenSessions(services: Services, accountId: string): Promise<void> {
  for (const session of await services.billing.openSessionsOf(accountId)) {
    await closeSession(services, session.id, session.status, session.userId === accountId ? 'user' : 'consultant');
  }
}

/** Lifts a freeze: login, the API and the wallet work again. */
export async function unfreezeAccount(services: Services, accountId: string): Promise<UserRecord | null> {
  const user = await services.host.accounts.setFrozen(accountId, false);
  if (user && (await services.wallet.getAccount(accountId))) await services.wallet.unfreeze(accountId);
  return user;
}

/** Ends a session of a frozen participant: a request is withdrawn or declined, a consultation ended by the host. */
async function closeSession(
  services: Services,
  sessionId: string,
  status: string,
  side: 'user' | 'consultant',
): Promise<void> {
  const { billing } = services;
  try {
    if (status !== 'requested') await billing.end(sessionId);
    else if (side === 'user') await billing.cancel(sessionId, (await billing.getSession(sessionId))?.userId ?? '');
    else await billing.reject(sessionId, (await billing.getSession(sessionId))?.consultantId ?? '');
  } catch (error) {
    // It moved on meanwhile (ended, accepted): an accepted one is ended on a second look.
    if (!isJyotishError(error, 'INVALID_TRANSITION')) throw error;
    const session = await billing.getSession(sessionId);
    if (session && session.status !== 'ended') await billing.end(sessionId);
  }
}
