import type { BillingReportStore, BillingStore } from '@jyotishconnect/billing-engine';
import type { ChatStore } from '@jyotishconnect/chat-core';
import type { PGliteMaintenanceSchedule, StopMaintenance } from '@jyotishconnect/core';
import type { PaymentStore, PayoutStore } from '@jyotishconnect/payments';
import type { WalletStore } from '@jyotishconnect/wallet-store';
import type { HostConfig } from './config.js';
import type { HostStore } from './host-store/index.js';

/**
 * Every store the host wires, on one backend. Its own module, so the backend
 * modules (`stores.ts`, `stores-mongodb.ts`) depend on it and not on each other.
 */
export interface Stores {
  readonly kind: HostConfig['store'];
  /** Human-readable location, for the start-up log. */
  readonly location: string;
  readonly wallet: WalletStore;
  readonly billing: BillingStore & BillingReportStore;
  readonly chat: ChatStore;
  /** Top-up orders and refunds (the payments package's ledger). */
  readonly payments: PaymentStore;
  /** Consultant payouts (the payments package's). */
  readonly payouts: PayoutStore;
  readonly host: HostStore;
  /** Answers when the backend can be reached (for `/readyz`). */
  ping(): Promise<void>;
  /** A consistent copy of the database taken while the host runs; only the embedded PGlite has one. */
  dumpData?(): Promise<Blob>;
  /** Starts vacuum and analyze passes over the embedded PGlite, which has no autovacuum; only it has them. */
  scheduleMaintenance?(schedule: PGliteMaintenanceSchedule): StopMaintenance;
  /** Closes the database connections. */
  close(): Promise<void>;
}
