import { ManualClock } from '@jyotishconnect/core';
import { createWallet } from '@jyotishconnect/wallet-store';
import { createMemoryWalletStore } from '@jyotishconnect/wallet-store/memory';
import { describe, expect, it } from 'vitest';
import { holdJoinsCapture } from '../src/charging.js';
import { closeInterval, openInterval } from '../src/interval.js';
import { acceptSession } from '../src/session.js';
import { acceptedChat } from './accepted-chat.js';
import { chatRequest } from './chat-request.js';
import { intercepted } from './intercepted.js';

// With group commit, a tick's capture of the closing interval and the hold of the next one go to
// the wallet in one batch, capture first, where they used to go in two: one commit per tick, not two.

/** A memory wallet on `clock` that logs the operations of each `commitMany` call. */
function loggingWallet(clock: ManualClock) {
  const inner = createWallet({ store: createMemoryWalletStore(), clock });
  const batches: string[][] = [];
  const wallet = intercepted(inner, {
    commitMany: (operations) => {
      batches.push(operations.map((operation) => operation.op));
      return inner.commitMany(operations);
    },
  });
  return { wallet, batches };
}

describe("a tick's wallet writes under group commit", () => {
  it('capture the closing interval and hold the next in one batch, capture first, and charge as before', async () => {
    const clock = new ManualClock();
    const { wallet, batches } = loggingWallet(clock);
    const { billing, id } = await acceptedChat({ clock, wallet, config: { groupCommit: { maxDelayMs: 0 } } });
    batches.length = 0;
    for (let k = 1; k <= 3; k++) await billing.advance(15_000);
    expect(batches).toEqual([
      ['captureHold', 'placeHold'],
      ['captureHold', 'placeHold'],
      ['captureHold', 'placeHold'],
    ]);
    await billing.engine.end(id, 'user:asha');
    await billing.engine.idle();
    // 20 paise a second: three full intervals charged, and nothing left held once the session ended.
    expect(await billing.wallet.getAccount('user:asha')).toMatchObject({ balance: 100_000 - 900, held: 0 });
    await billing.engine.close();
  });
});

describe('holdJoinsCapture', () => {
  const active = openInterval(acceptSession(chatRequest('s1', 0), 10), 10, 15_000);
  const margin = { holdMarginMs: 30_000 };

  it('joins the next hold to the capture of a full interval whose hold this engine placed, well inside its expiry', () => {
    const next = openInterval(closeInterval(active, 15_000), 15_010, 15_000);
    expect(holdJoinsCapture(next, 1, 15_010, margin)).toBe(true);
    expect(holdJoinsCapture(next, 1, 15_010 + 14_999, margin)).toBe(true);
  });

  it('keeps them apart when the hold may have lapsed, was not seen placed, or the interval was cut short', () => {
    const next = openInterval(closeInterval(active, 15_000), 15_010, 15_000);
    expect(holdJoinsCapture(next, 1, 15_010 + 15_000, margin)).toBe(false);
    expect(holdJoinsCapture(next, -1, 15_010, margin)).toBe(false);
    const cut = openInterval(closeInterval(active, 9_000), 9_010, 15_000);
    expect(holdJoinsCapture(cut, 1, 9_010, margin)).toBe(false);
  });
});
