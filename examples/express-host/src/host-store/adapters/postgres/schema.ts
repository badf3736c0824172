import { type Migration, migrate, quoteIdent, type SqlExecutor } from '@jyotishconnect/core';
import { CONSULTANT_STATUSES, PROFILE_DEFAULTS, STARS } from '../../rules.js';

/** Schema-qualified names of the host's tables. */
export interface HostTables {
  readonly users: string;
  readonly profiles: string;
  readonly sessions: string;
  /** Top-up orders of releases before the payments package: created by migration 1, kept untouched, no longer read. */
  readonly legacyOrders: string;
  /** Payouts of releases before the payments package: likewise kept untouched, no longer read. */
  readonly legacyPayouts: string;
  readonly ratings: string;
  readonly autoRecharge: string;
  readonly audit: string;
  /** Invoices and credit notes, as issued. */
  readonly taxDocuments: string;
  /** The last number of each series and financial year. */
  readonly documentSequences: string;
  readonly notificationPreferences: string;
  readonly promotions: string;
}

/** Qualifies every host table with `schema`. */
export function hostTables(schema: string): HostTables {
  const s = quoteIdent(schema);
  return {
    users: `${s}.users`,
    profiles: `${s}.profiles`,
    sessions: `${s}.sessions`,
    legacyOrders: `${s}.orders`,
    legacyPayouts: `${s}.payouts`,
    ratings: `${s}.ratings`,
    autoRecharge: `${s}.auto_recharge`,
    audit: `${s}.audit`,
    taxDocuments: `${s}.tax_documents`,
    documentSequences: `${s}.document_sequences`,
    notificationPreferences: `${s}.notification_preferences`,
    promotions: `${s}.promotions`,
  };
}

// Applied migrations never change: an existing data folder or database only gets the new ones.
function migrations(schema: string): Migration[] {
  const s = quoteIdent(schema);
  const t = hostTables(schema);
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE ${t.users} (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL, role text NOT NULL,
           password_hash text NOT NULL, frozen boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
        `CREATE UNIQUE INDEX users_email ON ${t.users} (lower(email))`,
        `CREATE TABLE ${t.profiles} (consultant_id text PRIMARY KEY, bio text NOT NULL, specialities jsonb NOT NULL,
           languages jsonb NOT NULL, rates jsonb NOT NULL, online boolean NOT NULL)`,
        `CREATE TABLE ${t.sessions} (id text PRIMARY KEY, user_id text NOT NULL, consultant_id text NOT NULL,
           requested_at bigint NOT NULL)`,
        `CREATE INDEX sessions_user ON ${t.sessions} (user_id, requested_at DESC)`,
        `CREATE INDEX sessions_consultant ON ${t.sessions} (consultant_id, requested_at DESC)`,
        `CREATE TABLE ${t.legacyOrders} (id text PRIMARY KEY, user_id text NOT NULL, amount bigint NOT NULL,
           status text NOT NULL, event_id text, created_at bigint NOT NULL)`,
        `CREATE TABLE ${t.legacyPayouts} (id text PRIMARY KEY, consultant_id text NOT NULL, amount bigint NOT NULL,
           status text NOT NULL, created_at bigint NOT NULL)`,
        `CREATE TABLE ${t.ratings} (id text PRIMARY KEY, session_id text NOT NULL UNIQUE, user_id text NOT NULL,
           consultant_id text NOT NULL, stars integer NOT NULL CHECK (stars BETWEEN ${STARS.min} AND ${STARS.max}),
           review text, hidden boolean NOT NULL DEFAULT false, created_at bigint NOT NULL)`,
        `CREATE TABLE ${t.autoRecharge} (user_id text PRIMARY KEY, threshold bigint NOT NULL, amount bigint NOT NULL)`,
        `CREATE TABLE ${t.audit} (id text PRIMARY KEY, actor_id text NOT NULL, action text NOT NULL,
           target text NOT NULL, details jsonb NOT NULL, created_at bigint NOT NULL)`,
        `CREATE INDEX audit_created ON ${t.audit} (created_at DESC)`,
      ],
    },
    {
      // The audit log lists entries of one instant last appended first: `seq` numbers the appends
      // (existing rows get numbers in storage order). A consultant's ratings are read by consultant.
      version: 2,
      statements: [
        `ALTER TABLE ${t.audit} ADD COLUMN seq bigserial`,
        `DROP INDEX ${s}.audit_created`,
        `CREATE INDEX audit_newest ON ${t.audit} (created_at DESC, seq DESC)`,
        `CREATE INDEX ratings_consultant ON ${t.ratings} (consultant_id, created_at DESC)`,
      ],
    },
    {
      // Auto-recharge charges a saved payment method: the provider's references to it, both or neither.
      // Settings of earlier releases have none, so they charge nothing until the user saves one.
      version: 3,
      statements: [
        `ALTER TABLE ${t.autoRecharge} ADD COLUMN method_customer_ref text, ADD COLUMN method_ref text`,
        `ALTER TABLE ${t.autoRecharge} ADD CONSTRAINT auto_recharge_method
           CHECK ((method_customer_ref IS NULL) = (method_ref IS NULL))`,
      ],
    },
    {
      // RazorpayX pays a consultant's fund account (`fa_…`). Profiles of earlier releases have none,
      // and a RazorpayX payout is refused until the consultant sets one.
      version: 4,
      statements: [`ALTER TABLE ${t.profiles} ADD COLUMN payout_account text`],
    },
    {
      // Tax invoices and credit notes, numbered without gaps per series and financial year: a
      // document takes its number from `document_sequences` in the transaction that stores it.
      version: 5,
      statements: [
        `CREATE TABLE ${t.documentSequences} (series text NOT NULL, financial_year text NOT NULL,
           last bigint NOT NULL, PRIMARY KEY (series, financial_year))`,
        `CREATE TABLE ${t.taxDocuments} (number text PRIMARY KEY, kind text NOT NULL, series text NOT NULL,
           financial_year text NOT NULL, sequence bigint NOT NULL CHECK (sequence > 0), key text NOT NULL UNIQUE,
           session_id text NOT NULL, user_id text NOT NULL, consultant_id text NOT NULL, refers_to text,
           issued_at bigint NOT NULL, contents jsonb NOT NULL, UNIQUE (series, financial_year, sequence))`,
        `CREATE INDEX tax_documents_session ON ${t.taxDocuments} (session_id, issued_at)`,
      ],
    },
    {
      // Consultant onboarding: an approval status, the rest of the profile, weekly hours in a time zone.
      // Profiles of earlier releases were already serving: they take rules.PROFILE_DEFAULTS (approved).
      version: 6,
      statements: [
        `ALTER TABLE ${t.profiles}
           ADD COLUMN status text NOT NULL DEFAULT '${PROFILE_DEFAULTS.status}'
             CHECK (status IN (${CONSULTANT_STATUSES.map((status) => `'${status}'`).join(', ')})),
           ADD COLUMN status_reason text,
           ADD COLUMN experience_years integer NOT NULL DEFAULT ${PROFILE_DEFAULTS.experienceYears},
           ADD COLUMN photo_url text,
           ADD COLUMN time_zone text NOT NULL DEFAULT '${PROFILE_DEFAULTS.timeZone}',
           ADD COLUMN schedule jsonb NOT NULL DEFAULT '[]'`,
        `CREATE INDEX profiles_status ON ${t.profiles} (status, consultant_id COLLATE "C")`,
      ],
    },
    {
      // Email preferences: the language emails are written in (rules.MAIL_LANGUAGES) and the kinds turned off (a JSON array of
      // rules.NOTIFICATION_KINDS). Accounts without a row get rules.defaultPreferences.
      version: 7,
      statements: [
        `CREATE TABLE ${t.notificationPreferences} (user_id text PRIMARY KEY,
           language text NOT NULL CHECK (language IN ('en', 'hi')), opted_out jsonb NOT NULL)`,
      ],
    },
    {
      // Consultants' promotions for new clients: free leading seconds the platform pays, one per consultant.
      version: 8,
      statements: [
        `CREATE TABLE ${t.promotions} (consultant_id text PRIMARY KEY,
           free_seconds bigint NOT NULL CHECK (free_seconds > 0), set_by text NOT NULL, updated_at bigint NOT NULL)`,
      ],
    },
    {
      // A method saved at a top-up is kept while auto-recharge is off (`enabled`; settings of earlier
      // releases were on), with the card's brand and last four for display. A payout account keeps
      // what the consultant is shown of it: never the full account number.
      version: 9,
      statements: [
        `ALTER TABLE ${t.autoRecharge} ADD COLUMN enabled boolean NOT NULL DEFAULT true,
           ADD COLUMN method_brand text, ADD COLUMN method_last4 text`,
        `ALTER TABLE ${t.profiles} ADD COLUMN payout_account_label text`,
      ],
    },
  ];
}

/**
 * Creates or upgrades the host's tables in `schema` (default `host`).
 * Idempotent, and safe when several processes start at once.
 *
 * @example
 * ```ts
 * await migratePostgresHostStore(fromPg(pool), { schema: 'host' });
 * ```
 */
export async function migratePostgresHostStore(db: SqlExecutor, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? 'host';
  await migrate(db, { schema, component: 'express-host', migrations: migrations(schema) });
}
