import { HostError } from './errors.js';
import type { ConsultantProfile } from './host-store/index.js';

/** Who has a live WebSocket connection right now (the transport knows, across processes). */
export interface Presence {
  isConnected(userId: string): Promise<boolean>;
}

/** A consultant is online while their availability switch is on and they have a live connection. */
export async function isOnline(profile: ConsultantProfile, presence: Presence): Promise<boolean> {
  return profile.online && (await presence.isConnected(profile.consultantId));
}

/** `CONSULTANT_OFFLINE`: a core error, so REST and the WebSocket transport both report its code. */
export function consultantOffline(consultantId: string): HostError {
  return new HostError('CONSULTANT_OFFLINE', `${consultantId} is offline; try again when they are online`, {
    details: { consultantId },
  });
}

/** `CONSULTANT_NOT_APPROVED`: pending, rejected or suspended consultants take no requests, over REST or WebSocket alike. */
export function consultantNotApproved(consultantId: string): HostError {
  return new HostError('CONSULTANT_NOT_APPROVED', `${consultantId} is not approved to take consultations`, {
    details: { consultantId },
  });
}
