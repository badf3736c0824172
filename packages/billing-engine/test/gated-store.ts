import type { BillingStore, SessionRecord } from '@jyotishconnect/billing-engine';

/** A store that holds back the session writes `held` picks until `release()`; every other call goes straight through. */
export function gatedStore(inner: BillingStore, held: (record: SessionRecord) => boolean) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'updateSession') {
        return async (record: SessionRecord) => {
          if (held(record)) await gate;
          return await target.updateSession(record);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, release: () => release() };
}
