import { randomUUID } from 'node:crypto';
import { type BillingEngine, createBillingEngine, type RateCard } from '@jyotishconnect/billing-engine';
import { type Chat, contactInfoPolicy, createChat } from '@jyotishconnect/chat-core';
import type { Clock } from '@jyotishconnect/core';
import {
  type AutoRecharger,
  createPayments,
  createPayouts,
  type Payments,
  type Payouts,
  type SimulatedProvider,
} from '@jyotishconnect/payments';
import { createWallet, type Wallet } from '@jyotishconnect/wallet-store';
import type { Logger } from 'pino';
import { createTokens, type Tokens } from './auth.js';
import { consultationGate } from './chat-gate.js';
import type { HostConfig } from './config.js';
import type { DirectoryStore, HostStore } from './host-store/index.js';
import { issueInvoicesOnEnd } from './invoicing/issuing.js';
import { invoicePdf } from './invoicing/pdf.js';
import { createHostMetrics, type HostMetrics } from './metrics/prometheus.js';
import { timedStore, watchEngine } from './metrics/wiring.js';
import { createNotifications, type Notifications } from './notifications/notifier.js';
import { paymentProviderOf, payoutProviderOf } from './payment-providers.js';
import { consultantNotApproved, consultantOffline, isOnline, type Presence } from './presence.js';
import { promotionsWithin } from './promotions.js';
import { rechargeUsers } from './recharging.js';
import type { Stores } from './stores-port.js';
import { TransportLink } from './transport-link.js';

/** Everything the routers and the transport share. */
export interface Services {
  readonly config: HostConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stores: Stores;
  readonly host: HostStore;
  readonly wallet: Wallet;
  readonly billing: BillingEngine;
  readonly chat: Chat;
  readonly tokens: Tokens;
  /** Top-ups and their refunds at the configured provider (the payments package). */
  readonly payments: Payments;
  /** The header the provider signs webhooks in, for the API reference. */
  readonly webhookSignatureHeader: string;
  /** Demo mode's simulated provider, which `/pay` pays through; `null` otherwise: production never simulates a payment. */
  readonly simulated: SimulatedProvider | null;
  /** Consultant payouts: manual (an operator settles them), RazorpayX (its webhooks settle them) or, in demo mode, instant. */
  readonly payouts: Payouts;
  /** Charges saved methods when a debit crosses a user's threshold; a setting without a saved method charges nothing. */
  readonly autoRecharge: AutoRecharger;
  /** The WebSocket transport: who is connected, and closing connections; `app.ts` attaches it once it exists. */
  readonly transport: TransportLink;
  /** Email to users and consultants about their consultations (off without `SMTP_URL`). */
  readonly notifications: Notifications;
  /** The Prometheus registry and the sink the libraries report to; `null` when metrics are off. */
  readonly metrics: HostMetrics | null;
  /** Set on SIGTERM: no new sessions, `/readyz` answers 503. */
  readonly state: { draining: boolean };
  /** Writes an admin action to the audit log; an `id` given again is logged once (a replayed request). */
  audit(actorId: string, action: string, target: string, details?: Record<string, unknown>, id?: string): Promise<void>;
}

/**
 * Prices come from the directory, read once per request: the engine fixes the
 * rate into the session, so a consultant's later edit applies to the next
 * session only. Every request passes here, over REST and WebSocket alike: a
 * consultant not approved is refused, and one who is not online (available
 * and connected) is refused at once, not left to expire; a rate outside
 * `MIN_RATE_PER_MINUTE`..`MAX_RATE_PER_MINUTE` (stored before the bounds were
 * set, or written past the API) is not offered: nobody is ever billed at it.
 */
function directoryRates(directory: DirectoryStore, presence: Presence, bounds: { min: number; max: number }): RateCard {
  return {
    rateFor: async (consultantId, service) => {
      const profile = await directory.profileOf(consultantId);
      if (!profile) return null;
      if (profile.status !== 'approved') throw consultantNotApproved(consultantId);
      if (!(await isOnline(profile, presence))) throw consultantOffline(consultantId);
      const rate = profile.rates[service];
      return rate === undefined || rate < bounds.min || rate > bounds.max ? null : { ratePerMinute: rate };
    },
  };
}

/** Wires wallet, billing engine and chat on the given stores. */
export async function createServices(
  config: HostConfig,
  stores: Stores,
  clock: Clock,
  logger: Logger,
): Promise<Services> {
  const metrics = config.metrics ? createHostMetrics() : null;
  const wallet = createWallet({ store: stores.wallet, clock, metrics: metrics?.sink });
  await wallet.openSystemAccounts();
  const transport = new TransportLink();
  const sqlStores = stores.kind === 'pglite' || stores.kind === 'postgres';
  const billing = createBillingEngine({
    wallet,
    store: timedStore(stores.billing, metrics, 'billing'),
    clock,
    rates: directoryRates(stores.host.directory, transport, {
      min: config.minRatePerMinute,
      max: config.maxRatePerMinute,
    }),
    presence: transport,
    config: {
      engineId: config.engineId,
      intervalSeconds: config.tickSeconds,
      ...(config.checkpointSeconds === null ? {} : { checkpointSeconds: config.checkpointSeconds }),
      commissionBps: config.commissionBps,
      minimumBalanceSeconds: config.minStartBalanceSeconds,
      lowBalanceSeconds: config.lowBalanceSeconds,
      pauseGraceMs: config.pauseGraceMs,
      absenceGraceMs: config.disconnectGraceMs,
      requestTimeoutMs: config.requestTimeoutMs,
      leaseTtlMs: config.leaseTtlMs,
      takeoverScanMs: config.takeoverScanMs,
      firstConsultationFreeSeconds: config.waitlist.firstConsultationFreeSeconds,
      waitlistOfferTimeoutMs: config.waitlist.waitlistOfferTimeoutMs,
      averageConsultationSeconds: config.waitlist.averageConsultationSeconds,
      // On SQL every wallet and session call is a round trip: ticks running together share them (with
      // group commit the engine also runs more ticks at once, as a batch holds only the ticks in flight).
      groupCommit: sqlStores ? {} : false,
    },
    promotionOf: promotionsWithin(stores.host.promotions, config.waitlist.maxPromotionFreeSeconds),
    metrics: metrics?.sink,
  });
  watchEngine(metrics, billing, clock);
  const policy =
    config.contactInfoPolicy === 'off' ? undefined : contactInfoPolicy({ action: config.contactInfoPolicy });
  const chat = createChat({
    store: timedStore(stores.chat, metrics, 'chat'),
    clock,
    gate: consultationGate(billing, stores.host.sessions),
    ...(policy ? { policy } : {}),
  });
  const { provider, simulated, signatureHeader } = paymentProviderOf(config, clock);
  const payments = createPayments({
    wallet,
    store: stores.payments,
    provider,
    clock,
    limits: { maxTopUp: config.maxTopUp },
  });
  const payouts = createPayouts({
    wallet,
    store: stores.payouts,
    provider: payoutProviderOf(config, stores.host.directory),
    clock,
    minPayout: config.minPayout,
  });
  const autoRecharge = rechargeUsers({ wallet, payments, settings: stores.host.autoRecharge, clock, logger });
  const notifications = await createNotifications({
    config,
    host: stores.host,
    wallet,
    billing,
    clock,
    logger,
    invoices: { invoicePdf: (invoice) => invoicePdf(invoice) },
  });
  const services: Services = {
    config,
    clock,
    logger,
    stores,
    host: stores.host,
    wallet,
    billing,
    chat,
    tokens: createTokens(config.jwtSecret),
    payments,
    webhookSignatureHeader: signatureHeader,
    simulated,
    payouts,
    autoRecharge,
    transport,
    notifications,
    metrics,
    state: { draining: false },
    audit: async (actorId, action, target, details = {}, id = randomUUID()) =>
      void (await stores.host.audit.append({
        id,
        actorId,
        action,
        target,
        details,
        createdAt: clock.now(),
      })),
  };
  indexSessions(services);
  issueInvoicesOnEnd(services);
  wallet.on('transaction', autoRecharge.onTransaction);
  return services;
}

/**
 * Sessions are indexed for listings as they are requested. (The transport
 * links each consultation to its conversation and posts its lifecycle there.)
 */
function indexSessions({ billing, host, logger }: Services): void {
  billing.on('session.requested', (session) => {
    const ref = {
      id: session.id,
      userId: session.userId,
      consultantId: session.consultantId,
      requestedAt: session.requestedAt,
    };
    void host.sessions.record(ref).catch((error) => logger.warn({ err: error }, 'session not indexed'));
  });
  billing.on('error', (error) => logger.warn({ err: error }, 'billing background step failed (retried)'));
}
