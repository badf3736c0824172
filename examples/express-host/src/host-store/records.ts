/** Who an account belongs to. */
export type UserRole = 'user' | 'consultant' | 'admin';

/** A registered account (user, consultant or admin). */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly frozen: boolean;
  readonly createdAt: number;
}

/** The services a consultant may price; rates are paise per minute. */
export type Rates = { readonly chat?: number; readonly voice?: number; readonly video?: number };

/** Where a consultant stands with the platform: only `approved` consultants are listed and can be requested. */
export type ConsultantStatus = 'pending' | 'approved' | 'rejected' | 'suspended';

/** One weekly opening, in the consultant's time zone: `day` 0 is Sunday; `from` before `to`, both `HH:MM`. */
export interface WeeklySlot {
  readonly day: number;
  readonly from: string;
  readonly to: string;
}

/** What a consultant edits of their own profile; status, availability and payout account change elsewhere. */
export interface ProfileEdit {
  readonly bio: string;
  /** Whole years of practice. */
  readonly experienceYears: number;
  readonly specialities: readonly string[];
  readonly languages: readonly string[];
  /** An `https:` URL, or `null` for none. */
  readonly photoUrl: string | null;
  /** Paise per minute; a service left out is not offered. A new rate applies to sessions requested after it. */
  readonly rates: Rates;
  /** An IANA time zone (`Asia/Kolkata`) the schedule is read in. */
  readonly timeZone: string;
  /** The weekly hours; empty means no published hours (never shown as away). */
  readonly schedule: readonly WeeklySlot[];
}

/** A consultant's directory entry. */
export interface ConsultantProfile extends ProfileEdit {
  readonly consultantId: string;
  /** Set by an admin; a consultant signs up `pending`. */
  readonly status: ConsultantStatus;
  /** The admin's reason for the last rejection or suspension; `null` otherwise. */
  readonly statusReason: string | null;
  /** The consultant's own availability switch (live status also needs a connection). */
  readonly online: boolean;
  /** The RazorpayX fund account (`fa_…`) payouts go to; absent until the consultant sets one. Never public. */
  readonly payoutAccount?: string;
  /** What the consultant is shown of that account (`HDFC0000001 ••••6789`, a UPI address); never a full account number. */
  readonly payoutAccountLabel?: string;
}

/** A session known to the host, for "my consultations" lists; the billing engine keeps the session itself. */
export interface SessionRef {
  readonly id: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly requestedAt: number;
}

/** A user's rating of one session. */
export interface RatingRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly consultantId: string;
  readonly stars: number;
  readonly review: string | null;
  /** Hidden by an admin: still counted in the average, no longer shown. */
  readonly hidden: boolean;
  readonly createdAt: number;
}

/** A payment method the provider saved for charges without the user present: references only, never card data. */
export interface SavedMethodRef {
  /** The provider's customer (Stripe `cus_…`, Razorpay `cust_…`, the demo's `sim_cust_…`). */
  readonly customerRef: string;
  /** The saved method (Stripe `pm_…`, Razorpay `token_…`, the demo's `card_demo`). */
  readonly methodRef: string;
  /** The card network, for display (`visa`); absent when the provider did not say. */
  readonly brand?: string;
  /** The card's last four digits, for display. */
  readonly last4?: string;
}

/** Auto-recharge: top up by `amount` from `method` when a debit takes the balance below `threshold`. */
export interface AutoRecharge {
  readonly userId: string;
  readonly threshold: number;
  readonly amount: number;
  /** The saved method to charge; `null` when none is saved (settings of earlier releases), and nothing is charged. */
  readonly method: SavedMethodRef | null;
  /**
   * `false` keeps the saved method (saved at a top-up, or kept when the user
   * turned auto-recharge off) without charging it; absent means on, as every
   * setting of earlier releases was.
   */
  readonly enabled?: boolean;
}

/** One admin action. */
export interface AuditEntry {
  readonly id: string;
  readonly actorId: string;
  readonly action: string;
  readonly target: string;
  /** Stored as JSON: what `JSON.stringify` drops (undefined, functions) is not kept. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

/** The emails the host sends, each of which an account can turn off. */
export type NotificationKind = 'incoming-request' | 'low-balance' | 'session-summary' | 'invoice';

/** The languages emails are written in. */
export type MailLanguage = 'en' | 'hi';

/** An account's email preferences; an account that never set any gets {@link defaultPreferences} (`rules.ts`). */
export interface NotificationPreferences {
  /** The account they belong to. */
  readonly userId: string;
  /** The language its emails are written in. */
  readonly language: MailLanguage;
  /** The kinds this account receives no email of, in the order of `rules.NOTIFICATION_KINDS`. */
  readonly optedOut: readonly NotificationKind[];
}

/** `created`, or `duplicate` when a unique key already existed (nothing written). */
export type InsertResult = 'created' | 'duplicate';

/**
 * A consultant's promotion: free leading seconds of a new client's first
 * consultation with them, paid by the platform's promotions account.
 */
export interface ConsultantPromotion {
  readonly consultantId: string;
  /** At least 1, at most the platform's `MAX_PROMOTION_FREE_SECONDS` when it was set. */
  readonly freeSeconds: number;
  /** Who set it: the consultant, or an admin. */
  readonly setBy: string;
  readonly updatedAt: number;
}

/** What a tax document is: an invoice for a session, or a credit note for a refund of one. */
export type TaxDocumentKind = 'invoice' | 'credit-note';

/** A party to a tax document, as printed on it. */
export interface InvoiceParty {
  readonly name: string;
  readonly address: string | null;
  /** The GST identification number; `null` for an unregistered buyer. */
  readonly gstin: string | null;
  /** The state, which decides CGST + SGST against IGST; `null` when unknown. */
  readonly state: string | null;
  readonly email: string | null;
}

/** One GST line: CGST and SGST (same state) or IGST, in paise. */
export interface TaxLine {
  readonly tax: 'CGST' | 'SGST' | 'IGST';
  readonly rateBps: number;
  readonly amount: number;
}

/** What a tax document says, fixed when it is issued; paise throughout. */
export interface TaxDocumentContents {
  readonly seller: InvoiceParty;
  readonly buyer: InvoiceParty;
  readonly consultantName: string;
  readonly service: 'chat' | 'voice' | 'video';
  readonly seconds: number;
  readonly ratePerMinute: number;
  /** The consultation's value: the consultant's share plus the platform fee. */
  readonly consultationValue: number;
  /** The consultant's own supply, collected on their behalf (no GST on this document). */
  readonly consultantShare: number;
  /** The platform fee, GST included: `taxableValue` plus the tax lines. */
  readonly platformFee: number;
  readonly taxableValue: number;
  readonly taxes: readonly TaxLine[];
  /** Paid by the promotions account (free minutes). */
  readonly promotion: number;
  /** What the user's wallet paid (an invoice) or got back (a credit note). */
  readonly total: number;
}

/** A tax document before the store numbers it. */
export interface TaxDocumentDraft {
  readonly kind: TaxDocumentKind;
  /** The number's prefix, one sequence per series and financial year (`JC` for invoices, `CN` for credit notes). */
  readonly series: string;
  /** The Indian financial year of `issuedAt`, `2026-27`. */
  readonly financialYear: string;
  /** Issues once: `session:<id>` for an invoice, `refund:<refundId>` for a credit note. */
  readonly key: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly consultantId: string;
  /** A credit note's invoice number; `null` for an invoice. */
  readonly refersTo: string | null;
  readonly issuedAt: number;
  readonly contents: TaxDocumentContents;
}

/** An issued tax document: numbered without gaps in its series and financial year, never changed. */
export interface TaxDocument extends TaxDocumentDraft {
  /** `<series>/<year>/<sequence, six digits>`, e.g. `JC/26-27/000001` (numbering.documentNumber). */
  readonly number: string;
  /** 1, 2, 3, … within the series and financial year. */
  readonly sequence: number;
}

/** What {@link TaxDocumentDraft} issuing returned: the document, and whether this call created it. */
export interface IssuedDocument {
  readonly document: TaxDocument;
  /** `false` when the key was issued before: the first document is returned unchanged. */
  readonly created: boolean;
}
