import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { isTimeZone, liveStatus, localTime, profileEditSchema, withinSchedule } from '../src/consultant-profile.js';

/** Thursday 1 January 2026, 00:00 UTC: 05:30 in Kolkata, 19:00 on Wednesday in New York. */
const NEW_YEAR = Date.UTC(2026, 0, 1);

describe('weekly hours and the directory status', () => {
  it('reads an instant as weekday and time of day in the consultant’s time zone', () => {
    expect(localTime(NEW_YEAR, 'Asia/Kolkata')).toEqual({ day: 4, time: '05:30' });
    expect(localTime(NEW_YEAR, 'America/New_York')).toEqual({ day: 3, time: '19:00' });
    expect(localTime(NEW_YEAR, 'UTC')).toEqual({ day: 4, time: '00:00' });
  });

  it('an opening includes its start and excludes its end; no published hours is always within them', () => {
    const kolkata = (from: string, to: string, day = 4) => ({
      timeZone: 'Asia/Kolkata',
      schedule: [{ day, from, to }],
    });
    expect(withinSchedule(kolkata('05:30', '06:00'), NEW_YEAR)).toBe(true);
    expect(withinSchedule(kolkata('05:00', '05:30'), NEW_YEAR)).toBe(false);
    expect(withinSchedule(kolkata('00:00', '24:00', 3), NEW_YEAR)).toBe(false);
    expect(
      withinSchedule({ timeZone: 'America/New_York', schedule: [{ day: 3, from: '18:00', to: '24:00' }] }, NEW_YEAR),
    ).toBe(true);
    expect(withinSchedule({ timeZone: 'Asia/Kolkata', schedule: [] }, NEW_YEAR)).toBe(true);
  });

  it('offline wins over busy, busy over away; away only when online outside the hours', () => {
    expect(liveStatus({ online: false, busy: true, inHours: false })).toBe('offline');
    expect(liveStatus({ online: true, busy: true, inHours: false })).toBe('busy');
    expect(liveStatus({ online: true, busy: false, inHours: false })).toBe('away');
    expect(liveStatus({ online: true, busy: false, inHours: true })).toBe('online');
  });
});

describe('profile validation', () => {
  const schema = profileEditSchema({ min: 100, max: 100_000 });
  const valid = {
    bio: '',
    experienceYears: 0,
    specialities: [],
    languages: [],
    photoUrl: null,
    rates: { chat: 100 },
    timeZone: 'Asia/Kolkata',
    schedule: [
      { day: 1, from: '09:00', to: '12:00' },
      { day: 1, from: '12:00', to: '13:00' },
    ],
  };

  it('accepts touching openings, the bounds themselves and known time zones; trims text', () => {
    expect(schema.parse({ ...valid, bio: '  Tarot  ' }).bio).toBe('Tarot');
    expect(schema.safeParse({ ...valid, rates: { video: 100_000 } }).success).toBe(true);
    expect(isTimeZone('Asia/Calcutta')).toBe(true);
    expect(isTimeZone('Asia/Nowhere')).toBe(false);
  });

  it('refuses a photo that is not https, and a rate below the minimum or above the maximum', () => {
    expect(schema.safeParse({ ...valid, photoUrl: 'data:image/png;base64,AAAA' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, photoUrl: 'https://' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, rates: { chat: 99 } }).success).toBe(false);
    expect(schema.safeParse({ ...valid, rates: { chat: 100_001 } }).success).toBe(false);
  });

  it('MIN_RATE_PER_MINUTE above MAX_RATE_PER_MINUTE is a configuration error naming the variable', () => {
    expect(() => loadConfig({ DEMO: 'true', MIN_RATE_PER_MINUTE: '500', MAX_RATE_PER_MINUTE: '400' })).toThrow(
      /MIN_RATE_PER_MINUTE/,
    );
    expect(loadConfig({ DEMO: 'true' })).toMatchObject({ minRatePerMinute: 100, consultantApproval: 'required' });
  });
});
