import type { BillingStore, SessionRecord } from '@jyotishconnect/billing-engine';
import { intercepted } from './intercepted.js';

/** A store that holds back the session writes `held` picks until `release()`; every other call goes straight through. */
export function gatedStore(inner: BillingStore, held: (record: SessionRecord) => boolean) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = intercepted(inner, {
    updateSession: async (record: SessionRecord) => {
      if (held(record)) await gate;
      return await inner.updateSession(record);
    },
  });
  return { store, release: () => release() };
}
