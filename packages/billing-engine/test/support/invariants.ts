import { type SessionRecord, summarize } from '@jyotishconnect/billing-engine';
import { type StatementEntry, SYSTEM_ACCOUNTS, type Wallet } from '@jyotishconnect/wallet-store';
import { expect } from 'vitest';
import { dueAt, secondsIn } from '../../src/proration.js';

/** Every statement entry of an account, oldest first. */
async function statementOf(wallet: Wallet, accountId: string): Promise<StatementEntry[]> {
  const entries: StatementEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await wallet.statement(accountId, { limit: 500, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries.reverse();
}

/** Wall-clock time a session was active, from the sequence of its stored versions. */
export function activeMs(history: readonly SessionRecord[]): number {
  let total = 0;
  let since: number | null = null;
  let previous: SessionRecord | undefined;
  for (const record of [...history].sort((a, b) => a.version - b.version)) {
    if (record.status === 'active' && previous?.status !== 'active') {
      since = previous?.status === 'paused' ? record.intervalStartedAt : (record.acceptedAt ?? 0);
    } else if (record.status !== 'active' && previous?.status === 'active' && since !== null) {
      total += (record.status === 'paused' ? (record.pausedAt ?? 0) : (record.endedAt ?? 0)) - since;
      since = null;
    }
    previous = record;
  }
  return total;
}

/** What the ledger says one session moved. */
interface Moved {
  user: number;
  promo: number;
  consultant: number;
  revenue: number;
}

/**
 * Checks the DESIGN.md invariants over a finished run: balanced books, no
 * negative wallet, and for every session: the ledger matches its summary,
 * the total is `due(seconds billed)`, only its user (and promotions) paid,
 * and it was never billed for more time than it was active.
 */
export async function checkInvariants(
  wallet: Wallet,
  sessions: readonly SessionRecord[],
  histories: ReadonlyMap<string, readonly SessionRecord[]>,
  options: { exactTime: boolean; userIds: readonly string[]; consultantIds: readonly string[] },
): Promise<void> {
  const report = await wallet.verify();
  expect(report.problems).toEqual([]);
  expect(report.total).toBe(0);

  const byId = new Map(sessions.map((session) => [session.id, session]));
  const moved = new Map<string, Moved>();
  const tally = (sessionId: string) => {
    const entry = moved.get(sessionId) ?? { user: 0, promo: 0, consultant: 0, revenue: 0 };
    moved.set(sessionId, entry);
    return entry;
  };
  const accounts = [...options.userIds, ...options.consultantIds, SYSTEM_ACCOUNTS.revenue, SYSTEM_ACCOUNTS.promotions];
  for (const accountId of accounts) {
    for (const entry of await statementOf(wallet, accountId)) {
      if (options.userIds.includes(accountId)) expect(entry.balanceAfter).toBeGreaterThanOrEqual(0);
      const sessionId = entry.metadata.sessionId;
      if (typeof sessionId !== 'string') continue;
      const session = byId.get(sessionId);
      expect(session, `a charge for unknown session ${sessionId}`).toBeDefined();
      if (!session) continue;
      const sums = tally(sessionId);
      if (entry.amount < 0) {
        // Only the session's user, or the promotions account for free seconds, ever pays.
        expect([session.userId, SYSTEM_ACCOUNTS.promotions]).toContain(accountId);
        if (accountId === session.userId) sums.user -= entry.amount;
        else sums.promo -= entry.amount;
      } else {
        expect([session.consultantId, SYSTEM_ACCOUNTS.revenue]).toContain(accountId);
        if (accountId === session.consultantId) sums.consultant += entry.amount;
        else sums.revenue += entry.amount;
      }
    }
  }

  for (const session of sessions) {
    expect(session.status, session.id).toBe('ended');
    const summary = summarize(session);
    const ledger = moved.get(session.id) ?? { user: 0, promo: 0, consultant: 0, revenue: 0 };
    const context = `${session.id} (${session.endReason}, rate ${session.ratePerMinute})`;
    expect(ledger, context).toEqual({
      user: summary.userCharged,
      promo: summary.promoCharged,
      consultant: summary.consultantShare,
      revenue: summary.commission,
    });
    expect(summary.totalCharged, context).toBe(dueAt(session.ratePerMinute, summary.secondsBilled));
    expect(summary.promoCharged, context).toBe(
      dueAt(session.ratePerMinute, Math.min(summary.secondsBilled, session.freeSeconds)),
    );
    expect(summary.consultantShare + summary.commission, context).toBe(summary.totalCharged);
    const active = activeMs(histories.get(session.id) ?? []);
    if (options.exactTime) expect(session.servedMs, context).toBe(active);
    else expect(session.servedMs, context).toBeLessThanOrEqual(active);
    expect(secondsIn(session.servedMs), context).toBe(summary.secondsBilled);
  }
}
