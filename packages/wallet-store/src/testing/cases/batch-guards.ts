import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../inputs.js';
import { createWallet } from '../../wallet.js';
import { type WalletWorld, WORLD_ACCOUNTS } from '../fixtures.js';

const { user, otherUser, consultant } = WORLD_ACCOUNTS;

/**
 * The guards of plain money movements inside one batch, where a store may
 * decide them against a running balance: each write sees exactly the writes
 * before it, and a write that fails changes nothing for the writes after it.
 */
export function batchGuardCases(getWorld: () => WalletWorld): void {
  describe('commitMany guards against the running balance', () => {
    it('a debit that would overdraw fails alone; the debits around it see each other', async () => {
      const { wallet } = getWorld();
      const results = await wallet.commitMany([
        { op: 'transfer', id: 'run:1', from: user, to: otherUser, amount: 6_000 },
        { op: 'splitCharge', id: 'run:2', from: user, to: consultant, amount: 4_001, commissionBps: 1_000 },
        { op: 'splitCharge', id: 'run:3', from: user, to: consultant, amount: 4_000, commissionBps: 1_000 },
        { op: 'transfer', id: 'run:4', from: user, to: otherUser, amount: 1 },
        { op: 'transfer', id: 'run:5', from: otherUser, to: user, amount: 6_000 },
        { op: 'transfer', id: 'run:6', from: user, to: otherUser, amount: 6_000 },
      ]);
      expect(codes(results)).toEqual(['ok', 'INSUFFICIENT_FUNDS', 'ok', 'INSUFFICIENT_FUNDS', 'ok', 'ok']);
      expect(results[1]).toMatchObject({ error: { details: { accountId: user } } });
      expect(await wallet.getTransaction('run:2')).toBeNull();
      const lines = (await wallet.statement(user, { limit: 10 })).entries;
      expect(lines.map((line) => [line.transactionId, line.balanceAfter])).toEqual([
        ['run:6', 0],
        ['run:5', 6_000],
        ['run:3', 0],
        ['run:1', 4_000],
        ['seed:topup', 10_000],
      ]);
      expect((await wallet.getAccount(otherUser))?.balance).toBe(6_000);
      expect((await wallet.getAccount(consultant))?.balance).toBe(3_600);
      expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });

    it('a credit beyond the wallet ceiling is BALANCE_LIMIT_EXCEEDED; the credits that fit still land', async () => {
      const { store, clock } = getWorld();
      const wallet = createWallet({ store, clock, limits: { maxBalance: 15_000 } });
      const results = await wallet.commitMany([
        { op: 'topUp', id: 'cap:1', to: user, amount: 4_000 },
        { op: 'topUp', id: 'cap:2', to: user, amount: 2_000 },
        { op: 'topUp', id: 'cap:3', to: user, amount: 1_000 },
        { op: 'transfer', id: 'cap:4', from: otherUser, to: user, amount: 1 },
      ]);
      expect(codes(results)).toEqual(['ok', 'BALANCE_LIMIT_EXCEEDED', 'ok', 'INSUFFICIENT_FUNDS']);
      expect(results[1]).toMatchObject({ error: { details: { accountId: user } } });
      // The funds guard names the payer, checked before the payee's ceiling as one-by-one transfers check it.
      expect(results[3]).toMatchObject({ error: { details: { accountId: otherUser } } });
      expect((await wallet.getAccount(user))?.balance).toBe(15_000);
      expect(await wallet.verify()).toMatchObject({ ok: true, total: 0 });
    });

    it('a frozen or unknown account fails its own write only', async () => {
      const { wallet } = getWorld();
      await wallet.freeze(otherUser);
      const results = await wallet.commitMany([
        { op: 'transfer', id: 'acct:1', from: user, to: otherUser, amount: 100 },
        { op: 'transfer', id: 'acct:2', from: user, to: 'user:nobody', amount: 100 },
        { op: 'transfer', id: 'acct:3', from: user, to: consultant, amount: 100 },
        { op: 'transfer', id: 'acct:1', from: user, to: consultant, amount: 100 },
      ]);
      expect(codes(results)).toEqual(['ACCOUNT_FROZEN', 'ACCOUNT_NOT_FOUND', 'ok', 'ok']);
      expect(results[0]).toMatchObject({ error: { details: { accountId: otherUser } } });
      expect(results[1]).toMatchObject({ error: { details: { accountId: 'user:nobody' } } });
      // The frozen write left its id unused, so a later write of the batch takes it.
      expect((await wallet.getTransaction('acct:1'))?.postings).toEqual([
        { accountId: user, amount: -100 },
        { accountId: consultant, amount: 100 },
      ]);
      expect((await wallet.getAccount(user))?.balance).toBe(9_800);
    });
  });
}

/** Each result as `ok` or its error code. */
function codes(results: readonly BatchResult[]): string[] {
  return results.map((result) => (result.ok ? 'ok' : result.error.code));
}
