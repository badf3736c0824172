import { ManualClock } from '@jyotishconnect/core';
import { SYSTEM_ACCOUNTS } from '../accounts.js';
import type { WalletStore } from '../store.js';
import { createWallet, type Wallet } from '../wallet.js';

/** What a contract-suite store factory returns. */
export interface WalletStoreFixture {
  /** A store with no data in it. */
  store: WalletStore;
  /** Releases connections or folders; called after each test. */
  close?: () => Promise<void>;
}

/** Creates an empty store for one test. */
export type MakeWalletStore = () => Promise<WalletStoreFixture>;

/** A wallet over a fresh store with a manual clock, system accounts and a few funded wallets. */
export interface WalletWorld {
  wallet: Wallet;
  store: WalletStore;
  clock: ManualClock;
}

/** Options of `walletStoreContract`. */
export interface WalletContractOptions {
  /** Runs of the randomized reference-model test (default 60; lower it for slow stores), times `PROPERTY_SCALE`. */
  propertyRuns?: number;
  /** Parallel debits in the race test (default 40). */
  racers?: number;
}

/** Asserts an action fails with `code` and writes nothing; the contract suite's own helper. */
export type Rejects = (action: () => Promise<unknown>, code: string) => Promise<void>;

/** Accounts every contract test starts with. */
export const WORLD_ACCOUNTS = {
  user: 'user:asha',
  otherUser: 'user:ravi',
  consultant: 'consultant:guru',
} as const;

/** Every account a contract test may move: the world's wallets and the system accounts. */
export const ALL_ACCOUNTS: readonly string[] = [
  WORLD_ACCOUNTS.user,
  WORLD_ACCOUNTS.otherUser,
  WORLD_ACCOUNTS.consultant,
  ...Object.values(SYSTEM_ACCOUNTS),
];

/** Builds a {@link WalletWorld}: system accounts, two users and a consultant; `user:asha` holds `funds` paise. */
export async function createWalletWorld(store: WalletStore, funds = 10_000): Promise<WalletWorld> {
  const clock = new ManualClock();
  const wallet = createWallet({ store, clock });
  await wallet.openSystemAccounts();
  await wallet.openAccount({ id: WORLD_ACCOUNTS.user, type: 'user' });
  await wallet.openAccount({ id: WORLD_ACCOUNTS.otherUser, type: 'user' });
  await wallet.openAccount({ id: WORLD_ACCOUNTS.consultant, type: 'consultant' });
  if (funds > 0) await wallet.topUp({ id: 'seed:topup', to: WORLD_ACCOUNTS.user, amount: funds });
  return { wallet, store, clock };
}

/** Everything observable about a set of accounts: balances, statements and audit totals. */
export async function snapshot(wallet: Wallet, store: WalletStore, accountIds: readonly string[]): Promise<string> {
  const accounts = await Promise.all(accountIds.map((id) => wallet.getAccount(id)));
  const statements = await Promise.all(accountIds.map((id) => wallet.statement(id, { limit: 500 })));
  const audit = (await store.audit()).sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify({ accounts, statements, audit });
}
