import type { Hold, HoldStatus } from './types.js';

/** A hold's status at `now`: an open hold past its `expiresAt` reserves nothing and counts as expired. */
export function effectiveStatus(hold: Hold, now: number): HoldStatus {
  return hold.status === 'open' && hold.expiresAt <= now ? 'expired' : hold.status;
}

/** The hold as it stands at `now`: an open hold past its expiry reads as `expired`, whether or not storage closed it yet. */
export function holdAt(hold: Hold, now: number): Hold {
  return effectiveStatus(hold, now) === hold.status ? hold : { ...hold, status: 'expired' };
}
