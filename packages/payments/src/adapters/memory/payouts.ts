import type { Payout, PayoutQuery, PayoutStore, PayoutTransition } from '../../payout-store.js';

/** Payout records in process memory: for tests and demos. */
export class MemoryPayoutStore implements PayoutStore {
  readonly #payouts = new Map<string, Payout>();

  async insertPayout(payout: Payout): Promise<{ record: Payout; inserted: boolean }> {
    const existing = this.#payouts.get(payout.id);
    if (existing) return { record: existing, inserted: false };
    this.#payouts.set(payout.id, { ...payout });
    return { record: payout, inserted: true };
  }

  async getPayout(id: string): Promise<Payout | null> {
    return this.#payouts.get(id) ?? null;
  }

  async transitionPayout(id: string, transition: PayoutTransition): Promise<Payout | null> {
    const payout = this.#payouts.get(id);
    if (!payout || !transition.from.includes(payout.status)) return payout ?? null;
    const moved: Payout = {
      ...payout,
      status: transition.to,
      providerPayoutId: transition.providerPayoutId ?? payout.providerPayoutId,
      note: transition.note ?? payout.note,
      settledAt: transition.settledAt ?? payout.settledAt,
    };
    this.#payouts.set(id, moved);
    return moved;
  }

  async listPayouts(query: PayoutQuery): Promise<Payout[]> {
    return [...this.#payouts.values()]
      .filter(
        (p) =>
          (query.consultantId === undefined || p.consultantId === query.consultantId) &&
          (query.status === undefined || p.status === query.status),
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, query.limit);
  }
}

/** Creates an empty in-memory payout store. */
export function createMemoryPayoutStore(): MemoryPayoutStore {
  return new MemoryPayoutStore();
}
