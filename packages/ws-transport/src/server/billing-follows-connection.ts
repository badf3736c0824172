import type { Clock, TimerHandle } from '@jyotishconnect/core';
import type { ConsultationBilling } from './billing-port.js';

/**
 * The default connection policy: when a paying user's last connection (in any
 * process) drops, their running session is paused after a short grace, so
 * nothing is charged while they are gone, and resumed when they come back.
 */
export class BillingFollowsConnection {
  readonly #pausedByUs = new Map<string, string>();
  readonly #timers = new Map<string, TimerHandle>();

  constructor(
    private readonly billing: ConsultationBilling,
    private readonly clock: Clock,
    private readonly graceMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The user's last connection closed: pause their active session after the grace period. */
  userOffline(userId: string): void {
    if (this.#timers.has(userId)) return;
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(userId);
      void this.#pause(userId).catch(this.onError);
    }, this.graceMs);
    this.#timers.set(userId, timer);
  }

  /** The user is back: cancel a pending pause, or resume the session this policy paused. */
  userOnline(userId: string): void {
    const timer = this.#timers.get(userId);
    if (timer) {
      this.clock.clearTimeout(timer);
      this.#timers.delete(userId);
    }
    const sessionId = this.#pausedByUs.get(userId);
    if (sessionId === undefined) return;
    this.#pausedByUs.delete(userId);
    this.billing.resume(sessionId).catch(this.onError);
  }

  /** Cancels pending pauses. */
  close(): void {
    for (const timer of this.#timers.values()) this.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  async #pause(userId: string): Promise<void> {
    const session = await this.billing.openSessionOf(userId);
    if (session?.status !== 'active') return;
    await this.billing.pause(session.id);
    this.#pausedByUs.set(userId, session.id);
  }
}
