import { beforeEach, describe, expect, it } from 'vitest';
import { type Rejects, type WalletContractOptions, type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, consultant } = WORLD_ACCOUNTS;

/** Midnight of 2026-01-01 and of 2026-01-03 in Asia/Kolkata (UTC+5:30). */
const FROM = Date.UTC(2025, 11, 31, 18, 30);
const TO = Date.UTC(2026, 0, 2, 18, 30);

/** The contract cases of refund reports (refunds summed per day or per metadata value, in one query). */
export function refundReportCases(getWorld: () => WalletWorld, rejects: Rejects, _options: WalletContractOptions = {}) {
  describe('refund reports', () => {
    let world: WalletWorld;
    beforeEach(async () => {
      world = getWorld();
      const { wallet, clock } = world;
      const charge = (id: string, amount: number) =>
        wallet.splitCharge({ id, from: user, to: consultant, amount, commissionBps: 2_000 });
      await charge('charge:1', 1_000);
      await charge('charge:2', 600);
      await charge('charge:3', 400);
      // 2026-01-01 in both zones.
      await wallet.refund({
        id: 'refund:1',
        transactionId: 'charge:1',
        amount: 300,
        metadata: { sessionId: 's1', consultantId: 'c:a' },
      });
      // 20:00 UTC on 2026-01-01 is 01:30 on 2026-01-02 in Kolkata.
      await clock.advanceTo(Date.UTC(2026, 0, 1, 20));
      await wallet.refund({
        id: 'refund:2',
        transactionId: 'charge:2',
        metadata: { sessionId: 's2', consultantId: 'c:b' },
      });
      await wallet.refund({ id: 'refund:3', transactionId: 'charge:3', amount: 100, metadata: { sessionId: 's3' } });
      await wallet.topUp({ id: 'topup:tagged', to: user, amount: 50, metadata: { consultantId: 'c:a' } });
      // After the window.
      await clock.advanceTo(TO);
      await wallet.refund({
        id: 'refund:4',
        transactionId: 'charge:1',
        amount: 200,
        metadata: { sessionId: 's1', consultantId: 'c:a' },
      });
    });

    it('sums refunds naming the field per day in the time zone, inside the window only', async () => {
      const window = { field: 'consultantId', from: FROM, to: TO };
      expect(await world.wallet.refundReport({ ...window, timeZone: 'Asia/Kolkata' })).toEqual([
        { key: '2026-01-01', refunds: 1, refunded: 300 },
        { key: '2026-01-02', refunds: 1, refunded: 600 },
      ]);
      expect(await world.wallet.refundReport({ ...window, timeZone: 'UTC' })).toEqual([
        { key: '2026-01-01', refunds: 2, refunded: 900 },
      ]);
    });

    it("sums refunds per value of the field; top-ups and refunds without it don't count", async () => {
      expect(await world.wallet.refundReport({ field: 'consultantId', groupBy: 'field', from: FROM, to: TO })).toEqual([
        { key: 'c:a', refunds: 1, refunded: 300 },
        { key: 'c:b', refunds: 1, refunded: 600 },
      ]);
      expect(await world.wallet.refundReport({ field: 'consultantId', groupBy: 'field' })).toEqual([
        { key: 'c:a', refunds: 2, refunded: 500 },
        { key: 'c:b', refunds: 1, refunded: 600 },
      ]);
    });

    it('narrowed to a list of values, reports only those that have refunds', async () => {
      const rows = await world.wallet.refundReport({
        field: 'sessionId',
        groupBy: 'field',
        values: ['s1', 's3', 's9'],
      });
      expect(rows).toEqual([
        { key: 's1', refunds: 2, refunded: 500 },
        { key: 's3', refunds: 1, refunded: 100 },
      ]);
    });

    it('refuses a bad field, a day report without a window, an unknown zone and an empty list', async () => {
      const report = (options: Parameters<WalletWorld['wallet']['refundReport']>[0]) => () =>
        world.wallet.refundReport(options);
      await rejects(report({ field: 'metadata.x', groupBy: 'field' }), 'INVALID_INPUT');
      await rejects(report({ field: 'consultantId', from: FROM }), 'INVALID_INPUT');
      await rejects(report({ field: 'consultantId', from: FROM, to: TO, timeZone: 'Mars/Olympus' }), 'INVALID_INPUT');
      await rejects(report({ field: 'sessionId', groupBy: 'field', values: [] }), 'INVALID_INPUT');
    });
  });
}
