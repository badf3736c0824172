import { holdNotFound, holdNotOpen } from './errors.js';
import type { Hold, HoldStatus } from './types.js';

/** A hold's status at `now`: an open hold past its `expiresAt` reserves nothing and counts as expired. */
export function effectiveStatus(hold: Hold, now: number): HoldStatus {
  return statusAtTime(hold.status, hold.expiresAt, now);
}

/** What {@link effectiveStatus} says of a hold stored with `status` that expires at `expiresAt`. */
export function statusAtTime(status: HoldStatus, expiresAt: number, now: number): HoldStatus {
  return status === 'open' && expiresAt <= now ? 'expired' : status;
}

/** The hold as it stands at `now`: an open hold past its expiry reads as `expired`, whether or not storage closed it yet. */
export function holdAt(hold: Hold, now: number): Hold {
  return effectiveStatus(hold, now) === hold.status ? hold : { ...hold, status: 'expired' };
}

/** Asserts a capture may take the hold `holdId` at `now`: `HOLD_NOT_FOUND` when missing, `HOLD_NOT_OPEN` unless open and unexpired. */
export function assertCapturable(hold: Hold | null | undefined, holdId: string, now: number): asserts hold is Hold {
  assertCapturableStatus(hold ? effectiveStatus(hold, now) : null, holdId);
}

/**
 * {@link assertCapturable} for a store that reads the status alone: `status` is the hold's at the
 * capture's time, `null` when there is no hold `holdId`.
 */
export function assertCapturableStatus(status: HoldStatus | null, holdId: string): void {
  if (status === null) throw holdNotFound(holdId);
  if (status !== 'open') throw holdNotOpen(holdId, status);
}
