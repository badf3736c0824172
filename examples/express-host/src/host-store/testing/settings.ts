import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { LARGE_AMOUNT } from './fixtures.js';

/** The auto-recharge store's cases. */
export function autoRechargeCases(store: () => HostStore): void {
  const asha = { userId: 'user:asha', threshold: 5_000, amount: LARGE_AMOUNT };

  it('a user without a setting reads null, and clearing it anyway is harmless', async () => {
    expect(await store().autoRecharge.settingOf('user:asha')).toBeNull();
    await store().autoRecharge.clear('user:asha');
    expect(await store().autoRecharge.settingOf('user:asha')).toBeNull();
  });

  it('a setting reads back, the next one replaces it, and clearing removes it', async () => {
    await store().autoRecharge.set(asha);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(asha);
    const lower = { ...asha, threshold: 1_000, amount: 2_000 };
    await store().autoRecharge.set(lower);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(lower);
    await store().autoRecharge.clear('user:asha');
    expect(await store().autoRecharge.settingOf('user:asha')).toBeNull();
  });

  it('each user has a setting of their own', async () => {
    const kiran = { userId: 'user:kiran', threshold: 100, amount: 200 };
    await store().autoRecharge.set(asha);
    await store().autoRecharge.set(kiran);
    await store().autoRecharge.clear('user:asha');
    expect(await store().autoRecharge.settingOf('user:asha')).toBeNull();
    expect(await store().autoRecharge.settingOf('user:kiran')).toEqual(kiran);
  });
}
