import { z } from 'zod';
import type { ConsultantProfile, ProfileEdit, WeeklySlot } from './host-store/index.js';
import { oneLine } from './validation.js';

/** The rates the platform allows, paise per minute (`MIN_RATE_PER_MINUTE`, `MAX_RATE_PER_MINUTE`). */
export interface RateBounds {
  readonly min: number;
  readonly max: number;
}

/** The time zone a profile starts in, and the one the demo's consultants keep. */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

/** Whether `name` is a time zone this runtime's `Intl` knows (IANA names such as `Asia/Kolkata`, and `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const clock = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time of day as HH:MM (24:00 ends a day)');

/** One weekly opening: `day` 0 (Sunday) to 6, `from` before `to`. */
const weeklySlot = z
  .object({ day: z.number().int().min(0).max(6), from: clock, to: clock })
  .refine((slot) => slot.from < slot.to, { message: 'must end after it starts', path: ['to'] });

/** Two openings of one day overlap when each starts before the other ends. */
const overlap = (a: WeeklySlot, b: WeeklySlot) => a.day === b.day && a.from < b.to && b.from < a.to;

/** A weekly schedule: at most 28 openings (four a day), none overlapping another. */
export const scheduleSchema = z
  .array(weeklySlot)
  .max(28)
  .refine((slots) => !slots.some((a, i) => slots.slice(i + 1).some((b) => overlap(a, b))), {
    message: 'has openings that overlap on the same day',
  });

/** An IANA time zone, checked with `Intl`. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata');

/** Rates per service within the platform's bounds; a service left out is not offered, and one must be. */
export function ratesWithin(bounds: RateBounds) {
  const rate = z
    .number()
    .int()
    .min(bounds.min, `must be at least ${bounds.min} paise per minute (MIN_RATE_PER_MINUTE)`)
    .max(bounds.max, `must be at most ${bounds.max} paise per minute (MAX_RATE_PER_MINUTE)`);
  return z
    .object({ chat: rate.optional(), voice: rate.optional(), video: rate.optional() })
    .refine((rates) => Object.values(rates).some((value) => value !== undefined), {
      message: 'must offer at least one service',
    });
}

/** A consultant's profile as they submit it: every field bounded, photos over `https:` only. */
export function profileEditSchema(bounds: RateBounds) {
  return z.object({
    bio: z.string().trim().max(2_000),
    experienceYears: z.number().int().min(0).max(80),
    specialities: z.array(oneLine.trim().min(1).max(60)).max(20),
    languages: z.array(oneLine.trim().min(1).max(40)).max(20),
    photoUrl: z
      .url({ protocol: /^https$/, error: 'must be an https:// address' })
      .max(500)
      .nullable(),
    rates: ratesWithin(bounds),
    timeZone: timeZoneSchema,
    schedule: scheduleSchema,
  }) satisfies z.ZodType<ProfileEdit>;
}

/** What a new consultant's profile starts from before they fill it in. */
export const EMPTY_PROFILE: ProfileEdit = {
  bio: '',
  experienceYears: 0,
  specialities: [],
  languages: [],
  photoUrl: null,
  rates: { chat: 1_000 },
  timeZone: DEFAULT_TIME_ZONE,
  schedule: [],
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 is Sunday) and `HH:MM` of `instant` in `timeZone`. */
export function localTime(instant: number, timeZone: string): { day: number; time: string } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return { day: WEEKDAYS.indexOf(parts.weekday ?? ''), time: `${parts.hour}:${parts.minute}` };
}

/**
 * Whether `instant` falls in one of the consultant's weekly openings, read in
 * their time zone. A profile without published hours is always within them.
 */
export function withinSchedule(profile: Pick<ConsultantProfile, 'schedule' | 'timeZone'>, instant: number): boolean {
  if (profile.schedule.length === 0) return true;
  const { day, time } = localTime(instant, profile.timeZone);
  return profile.schedule.some((slot) => slot.day === day && slot.from <= time && time < slot.to);
}

/** What the directory shows of a consultant's state right now. */
export type LiveStatus = 'online' | 'busy' | 'away' | 'offline';

/**
 * The directory status. `offline`: the switch is off or no connection is
 * open. `busy`: in a consultation or holding a request. `away`: switched on
 * and connected, but outside the published hours — they can still be
 * requested (they chose to be on), the badge only says it is not their usual time.
 */
export function liveStatus(state: { online: boolean; busy: boolean; inHours: boolean }): LiveStatus {
  if (!state.online) return 'offline';
  if (state.busy) return 'busy';
  return state.inHours ? 'online' : 'away';
}
