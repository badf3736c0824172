import { afterEach, beforeEach, describe, expect } from 'vitest';
import { accountCases } from './cases/accounts.js';
import { batchConcurrencyCases } from './cases/batch-concurrency.js';
import { batchGuardCases } from './cases/batch-guards.js';
import { batchPropertyTests } from './cases/batch-properties.js';
import { concurrencyCases } from './cases/concurrency.js';
import { groupedStatementCases } from './cases/grouped-statements.js';
import { holdCases } from './cases/holds.js';
import { refundReportCases } from './cases/refund-reports.js';
import { refundCases } from './cases/refunds.js';
import { splitChargeCases } from './cases/split-charges.js';
import { statementCases } from './cases/statements.js';
import { transactionCases } from './cases/transactions.js';
import {
  ALL_ACCOUNTS,
  createWalletWorld,
  type MakeWalletStore,
  snapshot,
  type WalletContractOptions,
  type WalletWorld,
} from './fixtures.js';
import { holdRuleCases } from './hold-rules.js';
import { walletPropertyTests } from './properties.js';

/**
 * The contract every `WalletStore` adapter must pass. Call it from a
 * vitest file with a factory that returns an empty store:
 *
 * @example
 * ```ts
 * walletStoreContract('memory', async () => ({ store: createMemoryWalletStore() }));
 * ```
 */
export function walletStoreContract(
  name: string,
  makeStore: MakeWalletStore,
  options: WalletContractOptions = {},
): void {
  describe(`wallet store contract: ${name}`, () => {
    let world: WalletWorld;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const fixture = await makeStore();
      close = fixture.close;
      world = await createWalletWorld(fixture.store);
    });
    afterEach(async () => {
      await close?.();
    });

    /** Asserts `action` fails with `code` and leaves every observable byte of the books unchanged. */
    async function rejects(action: () => Promise<unknown>, code: string): Promise<void> {
      const before = await snapshot(world.wallet, world.store, ALL_ACCOUNTS);
      await expect(action()).rejects.toMatchObject({ code });
      expect(await snapshot(world.wallet, world.store, ALL_ACCOUNTS)).toBe(before);
    }

    accountCases(() => world, rejects, options);
    transactionCases(() => world, rejects, options);
    splitChargeCases(() => world, rejects, options);
    holdCases(() => world, rejects, options);
    holdRuleCases(() => world, rejects);
    refundCases(() => world, rejects, options);
    statementCases(() => world, rejects, options);
    groupedStatementCases(() => world, rejects, options);
    refundReportCases(() => world, rejects, options);
    concurrencyCases(() => world, rejects, options);
    walletPropertyTests(() => world, options.propertyRuns ?? 60);
    batchGuardCases(() => world);
    batchConcurrencyCases(() => world, rejects, options);
    batchPropertyTests(makeStore, options.propertyRuns ?? 60);
  });
}
