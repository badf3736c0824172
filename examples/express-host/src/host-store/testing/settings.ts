import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { aSetting } from './fixtures.js';

/** The auto-recharge store's cases. */
export function autoRechargeCases(store: () => HostStore): void {
  const asha = aSetting();

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

  it('a setting without a saved method reads back with a null method, and saving one replaces it', async () => {
    const unsaved = aSetting({ method: null });
    await store().autoRecharge.set(unsaved);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(unsaved);
    await store().autoRecharge.set(asha);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(asha);
    await store().autoRecharge.set(unsaved);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(unsaved);
  });

  it('each user has a setting of their own', async () => {
    const kiran = aSetting({ userId: 'user:kiran', threshold: 100, amount: 200, method: null });
    await store().autoRecharge.set(asha);
    await store().autoRecharge.set(kiran);
    await store().autoRecharge.clear('user:asha');
    expect(await store().autoRecharge.settingOf('user:asha')).toBeNull();
    expect(await store().autoRecharge.settingOf('user:kiran')).toEqual(kiran);
  });
}
