import type { AbsenceReport, PresenceSource } from '@jyotishconnect/billing-engine';
import type { ConsultationServer } from '@jyotishconnect/ws-transport';
import type { Presence } from './presence.js';

/**
 * What the services need of the WebSocket transport: who is connected (the
 * directory and the billing engine's presence source), and closing an
 * account's connections. The transport is built after the services (it needs
 * their chat and billing), so it is attached later; before that nobody can
 * be connected, which is what this answers.
 */
export class TransportLink implements Presence, PresenceSource {
  #transport: ConsultationServer | null = null;

  /** Hands over the transport. */
  attach(transport: ConsultationServer): void {
    this.#transport = transport;
  }

  async isConnected(userId: string): Promise<boolean> {
    return (await this.#transport?.isConnected(userId)) ?? false;
  }

  async latestAbsence(userId: string): Promise<AbsenceReport | null> {
    return this.#transport ? await this.#transport.latestAbsence(userId) : { since: undefined, until: null };
  }

  /** Closes every connection of an account, in every process, for good. */
  async disconnectUser(userId: string, reason: string): Promise<void> {
    await this.#transport?.disconnectUser(userId, reason);
  }
}
