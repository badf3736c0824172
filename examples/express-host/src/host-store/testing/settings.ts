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

  it('a method saved while auto-recharge is off reads back off, with its brand and last four', async () => {
    const saved = aSetting({
      enabled: false,
      method: { customerRef: 'cus_asha', methodRef: 'pm_1', brand: 'visa', last4: '4242' },
    });
    await store().autoRecharge.set(saved);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual(saved);
    await store().autoRecharge.set({ ...saved, enabled: true });
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual({ ...saved, enabled: true });
  });

  it('a setting stored without `enabled` (as earlier releases did) reads back on', async () => {
    const { enabled: _omitted, ...earlier } = asha;
    await store().autoRecharge.set(earlier);
    expect(await store().autoRecharge.settingOf('user:asha')).toEqual({ ...earlier, enabled: true });
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
