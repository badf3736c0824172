import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import type { ConsultantStatus } from '../records.js';
import { aProfile, LARGE_AMOUNT } from './fixtures.js';

/** The directory's cases. */
export function directoryCases(store: () => HostStore): void {
  it('an upserted profile reads back with its rates, specialities and languages', async () => {
    await store().directory.upsert(aProfile());
    expect(await store().directory.profileOf('consultant:guru')).toEqual(aProfile());
  });

  it('upserting again replaces the whole profile: a rate left out is gone', async () => {
    await store().directory.upsert(aProfile());
    const replaced = aProfile({ bio: 'Tarot too', specialities: [], languages: ['Tamil'], rates: { voice: 900 } });
    await store().directory.upsert(replaced);
    expect(await store().directory.profileOf('consultant:guru')).toEqual(replaced);
    expect(await store().directory.list()).toEqual([replaced]);
  });

  it('the directory lists every profile by consultant id', async () => {
    for (const name of ['ravi', 'guru', 'meera', 'anand']) {
      await store().directory.upsert(aProfile({ consultantId: `consultant:${name}` }));
    }
    expect((await store().directory.list()).map((profile) => profile.consultantId)).toEqual([
      'consultant:anand',
      'consultant:guru',
      'consultant:meera',
      'consultant:ravi',
    ]);
  });

  it('the availability switch changes only itself; an unknown consultant is null', async () => {
    await store().directory.upsert(aProfile({ online: false }));
    expect(await store().directory.setOnline('consultant:guru', true)).toEqual(aProfile({ online: true }));
    expect(await store().directory.profileOf('consultant:guru')).toEqual(aProfile({ online: true }));
    expect(await store().directory.setOnline('consultant:guru', false)).toEqual(aProfile({ online: false }));
    expect(await store().directory.setOnline('consultant:nobody', true)).toBeNull();
    expect(await store().directory.profileOf('consultant:nobody')).toBeNull();
  });

  it('a payout account is set and removed changing nothing else, and an upsert keeps what it is given', async () => {
    await store().directory.upsert(aProfile());
    const withAccount = aProfile({ payoutAccount: 'fa_00000000000001' });
    expect(await store().directory.setPayoutAccount('consultant:guru', 'fa_00000000000001')).toEqual(withAccount);
    expect(await store().directory.setOnline('consultant:guru', false)).toEqual({ ...withAccount, online: false });
    expect(await store().directory.list()).toEqual([{ ...withAccount, online: false }]);
    const removed = await store().directory.setPayoutAccount('consultant:guru', null);
    expect(removed).toEqual(aProfile({ online: false }));
    expect(removed).not.toHaveProperty('payoutAccount');
    await store().directory.upsert(withAccount);
    expect(await store().directory.profileOf('consultant:guru')).toEqual(withAccount);
    expect(await store().directory.setPayoutAccount('consultant:nobody', 'fa_00000000000001')).toBeNull();
  });

  it('an edit replaces only the fields a consultant edits: status, availability and payout account stay', async () => {
    const pending = aProfile({ status: 'pending', online: false, payoutAccount: 'fa_00000000000001' });
    await store().directory.upsert(pending);
    const edit = {
      bio: 'Tarot and numerology',
      experienceYears: 3,
      specialities: ['Tarot'],
      languages: ['Tamil'],
      photoUrl: null,
      rates: { voice: LARGE_AMOUNT },
      timeZone: 'America/New_York',
      schedule: [{ day: 6, from: '00:00', to: '24:00' }],
    };
    const edited = await store().directory.editProfile('consultant:guru', edit);
    expect(edited).toEqual({ ...pending, ...edit });
    expect(await store().directory.profileOf('consultant:guru')).toEqual({ ...pending, ...edit });
    expect(await store().directory.editProfile('consultant:nobody', edit)).toBeNull();
    expect(await store().directory.profileOf('consultant:nobody')).toBeNull();
  });

  it('a status is set with its reason, changing nothing else; an unknown consultant is null', async () => {
    await store().directory.upsert(aProfile({ status: 'pending' }));
    const rejected = await store().directory.setStatus('consultant:guru', 'rejected', 'Add a photo of yourself');
    expect(rejected).toEqual(aProfile({ status: 'rejected', statusReason: 'Add a photo of yourself' }));
    expect(await store().directory.setStatus('consultant:guru', 'approved', null)).toEqual(aProfile());
    expect(await store().directory.profileOf('consultant:guru')).toEqual(aProfile());
    expect(await store().directory.setStatus('consultant:nobody', 'approved', null)).toBeNull();
  });

  it('profiles are listed by status, by consultant id, at most `limit`', async () => {
    const statuses = {
      ravi: 'pending',
      guru: 'approved',
      meera: 'pending',
      anand: 'pending',
      tara: 'suspended',
    } as const;
    for (const [name, status] of Object.entries(statuses)) {
      await store().directory.upsert(aProfile({ consultantId: `consultant:${name}`, status }));
    }
    const ids = async (status: ConsultantStatus, limit: number) =>
      (await store().directory.listByStatus(status, limit)).map((profile) => profile.consultantId);
    expect(await ids('pending', 10)).toEqual(['consultant:anand', 'consultant:meera', 'consultant:ravi']);
    expect(await ids('pending', 2)).toEqual(['consultant:anand', 'consultant:meera']);
    expect(await ids('approved', 10)).toEqual(['consultant:guru']);
    expect(await ids('rejected', 10)).toEqual([]);
    expect(await ids('pending', 0)).toEqual([]);
    await store().directory.setStatus('consultant:meera', 'approved', null);
    expect(await ids('approved', 10)).toEqual(['consultant:guru', 'consultant:meera']);
  });

  it('an empty directory lists nothing', async () => {
    expect(await store().directory.list()).toEqual([]);
    expect(await store().directory.profileOf('consultant:guru')).toBeNull();
  });
}
