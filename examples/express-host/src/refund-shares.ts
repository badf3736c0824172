import type { Session } from '@jyotishconnect/billing-engine';
import { createWallet, type Posting, type Transaction, type Wallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import type { InvoiceLine } from './invoice.js';

/**
 * The postings a session refund of `amount` (everything left when absent)
 * would make, without making it. The wallet's own refund rule decides them:
 * the session's charges and its earlier refunds are replayed, in order, on a
 * scratch memory wallet whose accounts have no floor, and the refund is made
 * there. Used only when a refund is refused, to tell how much the consultant
 * is short; it reads one transaction per charge.
 */
export async function sessionRefundPostings(
  wallet: Wallet,
  session: Session,
  lines: readonly InvoiceLine[],
  amount: number | undefined,
): Promise<readonly Posting[]> {
  const scratch = createWallet({ store: createMemoryWalletStore() });
  const opened = new Set<string>();
  const charges: string[] = [];
  for (const line of lines) {
    if (line.kind === 'split') {
      const original = await wallet.getTransaction(line.transactionId);
      if (!original) throw new Error(`charge ${line.transactionId} of session ${session.id} is not in the wallet`);
      await replayCharge(scratch, opened, session, original);
      charges.push(original.id);
    } else if (line.kind === 'refund' && charges.length > 0) {
      // A session refund takes from the charges made before it, newest first, as the real one did.
      await scratch.refundMany({ id: line.transactionId, transactionIds: [...charges], amount: line.amount });
    }
  }
  const dryRun = await scratch.refundMany({
    id: 'dry-run',
    transactionIds: charges,
    ...(amount === undefined ? {} : { amount }),
  });
  return dryRun.postings;
}

/** Copies one interval charge (the user pays, split between the consultant and the platform) to the scratch wallet. */
async function replayCharge(scratch: Wallet, opened: Set<string>, session: Session, original: Transaction) {
  const payer = original.postings.find((posting) => posting.amount < 0);
  const platform = original.postings.find((p) => p.amount > 0 && p.accountId !== session.consultantId);
  const platformId = platform?.accountId ?? 'system:revenue';
  for (const id of [payer?.accountId ?? session.userId, session.consultantId, platformId]) {
    if (opened.has(id)) continue;
    // No floors in the scratch wallet: it replays what the real one already allowed.
    await scratch.openAccount({ id, type: 'system', currency: original.currency });
    opened.add(id);
  }
  const copy = await scratch.splitCharge({
    id: original.id,
    from: payer?.accountId ?? session.userId,
    to: session.consultantId,
    platform: platformId,
    amount: -(payer?.amount ?? 0),
    commission: platform?.amount ?? 0,
  });
  // The refund rule reads the postings in order: a copy that differs would compute another refund.
  if (JSON.stringify(copy.postings) !== JSON.stringify(original.postings)) {
    throw new Error(`charge ${original.id} of session ${session.id} cannot be replayed exactly`);
  }
}
