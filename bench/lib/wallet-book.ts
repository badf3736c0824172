/** The book the wallet benches bill on: system accounts, funded users and their consultants. */
import type { Wallet } from '@jyotishconnect/wallet-store';
import { inParallel } from './common.js';

/** Opens the system accounts, each of `users` funded with `funds` (one batched top-up), and each of `consultants`. */
export async function openWalletBook(
  wallet: Wallet,
  { users, consultants, funds }: { users: readonly string[]; consultants: readonly string[]; funds: number },
): Promise<void> {
  await wallet.openSystemAccounts();
  await inParallel(users, 8, async (id) => void (await wallet.openAccount({ id, type: 'user' })));
  await wallet.commitMany(users.map((id) => ({ op: 'topUp', id: `fund:${id}`, to: id, amount: funds })));
  await inParallel(consultants, 8, async (id) => void (await wallet.openAccount({ id, type: 'consultant' })));
}
