import { ManualClock } from '@jyotishconnect/core';
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

/** Accounts every contract test starts with. */
export const WORLD_ACCOUNTS = {
  user: 'user:asha',
  otherUser: 'user:ravi',
  consultant: 'consultant:guru',
} as const;

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
