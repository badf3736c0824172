import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { aProfile } from './fixtures.js';

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

  it('a payout account keeps its label; a new account without one drops it, and removing the account removes both', async () => {
    await store().directory.upsert(aProfile());
    const labelled = aProfile({ payoutAccount: 'fa_00000000000001', payoutAccountLabel: 'HDFC0000001 ••••6789' });
    expect(
      await store().directory.setPayoutAccount('consultant:guru', 'fa_00000000000001', 'HDFC0000001 ••••6789'),
    ).toEqual(labelled);
    expect(await store().directory.profileOf('consultant:guru')).toEqual(labelled);
    const unlabelled = await store().directory.setPayoutAccount('consultant:guru', 'fa_00000000000002');
    expect(unlabelled).toEqual(aProfile({ payoutAccount: 'fa_00000000000002' }));
    expect(unlabelled).not.toHaveProperty('payoutAccountLabel');
    await store().directory.setPayoutAccount('consultant:guru', 'fa_00000000000001', 'asha@okicici');
    const removed = await store().directory.setPayoutAccount('consultant:guru', null);
    expect(removed).toEqual(aProfile());
    expect(removed).not.toHaveProperty('payoutAccountLabel');
  });

  it('an empty directory lists nothing', async () => {
    expect(await store().directory.list()).toEqual([]);
    expect(await store().directory.profileOf('consultant:guru')).toBeNull();
  });
}
