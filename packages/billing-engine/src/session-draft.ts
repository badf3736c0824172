import type { SessionRecord } from './session-record.js';

// A tick used to copy the session record three times (close the interval,
// open the next, stamp the lease), each copy of some forty fields. A draft is
// the one copy a transition makes: nobody else holds it until the driver
// writes it, so the steps may set its fields in place. The brand keeps a
// stored record from being passed where a draft is mutated.

declare const draftBrand: unique symbol;

/** A session record one transition is still building: a private copy whose fields its builder may set. */
export type SessionDraft = { -readonly [K in keyof SessionRecord]: SessionRecord[K] } & {
  readonly [draftBrand]: true;
};

/** A private copy of `record` to build the next record in. */
export function draftOf(record: SessionRecord): SessionDraft {
  return { ...record } as SessionDraft;
}
