import { holdNotFound, holdNotOpen } from './errors.js';
import type { Hold, HoldStatus } from './types.js';

/** A hold's status at `now`: an open hold past its `expiresAt` reserves nothing and counts as expired. */
export function effectiveStatus(hold: Hold, now: number): HoldStatus {
  return hold.status === 'open' && hold.expiresAt <= now ? 'expired' : hold.status;
}

/** The hold as it stands at `now`: an open hold past its expiry reads as `expired`, whether or not storage closed it yet. */
export function holdAt(hold: Hold, now: number): Hold {
  return effectiveStatus(hold, now) === hold.status ? hold : { ...hold, status: 'expired' };
}

/** Asserts a capture may take the hold `holdId` at `now`: `HOLD_NOT_FOUND` when missing, `HOLD_NOT_OPEN` unless open and unexpired. */
export function assertCapturable(hold: Hold | null | undefined, holdId: string, now: number): asserts hold is Hold {
  if (!hold) throw holdNotFound(holdId);
  const status = effectiveStatus(hold, now);
  if (status !== 'open') throw holdNotOpen(holdId, status);
}
