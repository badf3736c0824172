import type { Clock } from '@jyotishconnect/core';
import type { Account, Wallet } from '@jyotishconnect/wallet-store';
import type { BillingConfig } from './config.js';
import { insufficientFunds, invalidInput, invalidRole, serviceNotOffered } from './errors.js';
import { minimumBalance } from './plan.js';
import { freeSecondsOf, type PromotionOf } from './promotion.js';
import type { RateCard } from './rate-card.js';
import { offerSession, requestSession } from './session.js';
import type { ServiceType, SessionRecord } from './session-record.js';
import type { BillingStore, InsertSessionOutcome } from './store.js';
import { checkId, checkRate } from './validate.js';

/** Who an account is in a consultation, as the host's directory says. */
export type RoleOf = (accountId: string) => string | null | Promise<string | null>;

/** The two sides of a consultation. */
type Parties = Pick<SessionRecord, 'userId' | 'consultantId'>;

/** What a request is for. */
export interface RequestDraft {
  readonly userId: string;
  readonly consultantId: string;
  readonly service: ServiceType;
}

/**
 * The start rules of a session: the payer has role `user` and the payee
 * `consultant`, the consultant offers the service, and the wallet covers the
 * minimum. The store then enforces one open session per user and the
 * consultant's capacity in the same insert.
 */
export class Intake {
  readonly #wallet: Wallet;
  readonly #store: BillingStore;
  readonly #clock: Clock;
  readonly #config: BillingConfig;
  readonly #rates: RateCard;
  readonly #roleOf: RoleOf | undefined;
  readonly #promotionOf: PromotionOf | undefined;

  constructor(options: {
    wallet: Wallet;
    store: BillingStore;
    clock: Clock;
    config: BillingConfig;
    rates: RateCard;
    roleOf?: RoleOf;
    promotionOf?: PromotionOf;
  }) {
    this.#wallet = options.wallet;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#config = options.config;
    this.#rates = options.rates;
    this.#roleOf = options.roleOf;
    this.#promotionOf = options.promotionOf;
  }

  /**
   * Builds a request (with the rate and free seconds fixed into it) and
   * inserts it; a `waitlist` one starts as an offer to the user. Throws when a
   * start rule fails.
   */
  async create(
    id: string,
    input: RequestDraft,
    source: 'direct' | 'waitlist',
    timeoutMs: number,
    owner: string,
  ): Promise<{ outcome: InsertSessionOutcome; session: SessionRecord }> {
    const userId = checkId(input.userId, 'userId');
    const consultantId = checkId(input.consultantId, 'consultantId');
    if (userId === consultantId) throw invalidInput('consultantId', 'must differ from userId');
    const payer = await this.#wallet.getAccount(userId);
    // Read here rather than by the role check below, so the record can take its id from it.
    const payee = this.#roleOf ? undefined : await this.#wallet.getAccount(consultantId);
    const rate = await this.#rates.rateFor(consultantId, input.service);
    if (!rate) throw serviceNotOffered(consultantId, input.service);
    checkRate(rate.ratePerMinute, rate.commissionBps);
    const config = this.#config;
    const freeSeconds = await this.freeSecondsFor(userId, consultantId);
    const now = this.#clock.now();
    const draft = (source === 'waitlist' ? offerSession : requestSession)({
      id,
      // The wallet's own id strings when it has the accounts: a memory wallet then holds one
      // copy of each id, not one more per session (64 bytes a session in the billing bench).
      userId: payer?.id ?? userId,
      consultantId: payee?.id ?? consultantId,
      service: input.service,
      source,
      ratePerMinute: rate.ratePerMinute,
      commissionBps: rate.commissionBps ?? config.commissionBps,
      freeSeconds,
      now,
      expiresAt: now + timeoutMs,
    });
    await this.assertRoles(draft, payer, payee);
    this.assertMinimum(draft, payer);
    const session = { ...draft, leaseOwner: owner, leaseUntil: draft.requestExpiresAt + config.leaseTtlMs };
    const outcome = await this.#store.insertSession(session, { maxOpenPerConsultant: config.maxSessionsPerConsultant });
    return { outcome, session };
  }

  /** The free seconds a request of the user to the consultant gets now (see `freeSecondsOf`). */
  async freeSecondsFor(userId: string, consultantId: string): Promise<number> {
    return await freeSecondsOf(userId, consultantId, {
      firstConsultationFreeSeconds: this.#config.firstConsultationFreeSeconds,
      store: this.#store,
      promotionOf: this.#promotionOf,
    });
  }

  /**
   * Checks who may wait for whom before a user joins a waitlist: distinct
   * ids, role `user` and `consultant`, and a rate for the service.
   */
  async checkParties(input: RequestDraft): Promise<RequestDraft> {
    const userId = checkId(input.userId, 'userId');
    const consultantId = checkId(input.consultantId, 'consultantId');
    if (userId === consultantId) throw invalidInput('consultantId', 'must differ from userId');
    await this.assertRoles({ userId, consultantId }, await this.#wallet.getAccount(userId));
    if (!(await this.#rates.rateFor(consultantId, input.service))) throw serviceNotOffered(consultantId, input.service);
    return { userId, consultantId, service: input.service };
  }

  /** `INSUFFICIENT_FUNDS` unless the payer covers `minimumBalanceSeconds` of service. */
  assertMinimum(session: SessionRecord, payer: Account | null): void {
    const required = minimumBalance(session, this.#config.minimumBalanceSeconds);
    const available = payer?.available ?? 0;
    if (available < required) throw insufficientFunds(session.userId, required, available);
  }

  /** `INVALID_ROLE` unless the payer has role `user` and the payee role `consultant` (`payee`: when read already). */
  async assertRoles(session: Parties, payer: Account | null, payee?: Account | null): Promise<void> {
    const [userRole, consultantRole] = await this.#roles(session, payer, payee);
    if (userRole !== 'user') throw invalidRole(session.userId, 'user', userRole);
    if (consultantRole !== 'consultant') throw invalidRole(session.consultantId, 'consultant', consultantRole);
  }

  /**
   * The per-tick role check: only the `user` participant is ever debited. Answered at once from
   * the payer's account (wallet account types never change) unless the host looks roles up.
   */
  rolesHold(session: SessionRecord, payer: Account | null): boolean | Promise<boolean> {
    if (!this.#roleOf) return payer?.type === 'user';
    return this.#roles(session, payer).then(([userRole, consultantRole]) => {
      return userRole === 'user' && consultantRole === 'consultant';
    });
  }

  async #roles(
    session: Parties,
    payer: Account | null,
    known?: Account | null,
  ): Promise<[string | null, string | null]> {
    if (this.#roleOf) {
      return await Promise.all([this.#roleOf(session.userId), this.#roleOf(session.consultantId)]);
    }
    const payee = known === undefined ? await this.#wallet.getAccount(session.consultantId) : known;
    return [payer?.type ?? null, payee?.type ?? null];
  }
}
