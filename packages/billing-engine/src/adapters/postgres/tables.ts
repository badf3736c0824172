import { quoteIdent } from '@jyotishconnect/core';

/** Schema-qualified names of the billing-engine tables and functions. */
export interface BillingTables {
  readonly sessions: string;
  readonly waitlist: string;
  /** The batched compare-and-set of sessions (see `update-sessions.ts`). */
  readonly updateSessions: string;
}

/** Qualifies every billing-engine table with `schema`. */
export function billingTables(schema: string): BillingTables {
  const s = quoteIdent(schema);
  return {
    sessions: `${s}.jc_billing_sessions`,
    waitlist: `${s}.jc_billing_waitlist`,
    updateSessions: `${s}.jc_billing_update_sessions`,
  };
}
