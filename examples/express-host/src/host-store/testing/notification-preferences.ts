import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { race } from './fixtures.js';

/** The email preference store's cases. */
export function notificationPreferenceCases(store: () => HostStore): void {
  const prefs = () => store().notificationPreferences;

  it('an account that never set preferences reads null', async () => {
    expect(await prefs().preferencesOf('user:asha')).toBeNull();
  });

  it('preferences read back, and the next ones replace them', async () => {
    await prefs().set({ userId: 'user:asha', language: 'hi', optedOut: ['invoice', 'low-balance'] });
    // Kinds are listed in their fixed order, whatever order they were given in.
    expect(await prefs().preferencesOf('user:asha')).toEqual({
      userId: 'user:asha',
      language: 'hi',
      optedOut: ['low-balance', 'invoice'],
    });
    await prefs().set({ userId: 'user:asha', language: 'en', optedOut: [] });
    expect(await prefs().preferencesOf('user:asha')).toEqual({ userId: 'user:asha', language: 'en', optedOut: [] });
  });

  it('opting out of a kind keeps the language and the other opt-outs, and twice is once', async () => {
    await prefs().set({ userId: 'user:asha', language: 'hi', optedOut: ['invoice'] });
    const once = await prefs().optOut('user:asha', 'low-balance');
    expect(once).toEqual({ userId: 'user:asha', language: 'hi', optedOut: ['low-balance', 'invoice'] });
    expect(await prefs().optOut('user:asha', 'low-balance')).toEqual(once);
    expect(await prefs().preferencesOf('user:asha')).toEqual(once);
  });

  it('opting out without preferences stores the defaults with that kind off', async () => {
    expect(await prefs().optOut('user:kiran', 'session-summary')).toEqual({
      userId: 'user:kiran',
      language: 'en',
      optedOut: ['session-summary'],
    });
    expect(await prefs().preferencesOf('user:asha')).toBeNull();
  });

  it('opt-outs of different kinds racing each other are all kept', async () => {
    await race([
      () => prefs().optOut('user:asha', 'incoming-request'),
      () => prefs().optOut('user:asha', 'low-balance'),
      () => prefs().optOut('user:asha', 'session-summary'),
      () => prefs().optOut('user:asha', 'invoice'),
    ]);
    expect((await prefs().preferencesOf('user:asha'))?.optedOut).toEqual([
      'incoming-request',
      'low-balance',
      'session-summary',
      'invoice',
    ]);
  });
}
