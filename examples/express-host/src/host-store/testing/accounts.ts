import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { aUser, race } from './fixtures.js';

/** The account store's cases. */
export function accountCases(store: () => HostStore): void {
  it('an inserted account reads back by id, and by its email in any case', async () => {
    const asha = aUser();
    expect(await store().accounts.insert(asha)).toBe('created');
    expect(await store().accounts.byId(asha.id)).toEqual(asha);
    expect(await store().accounts.byEmail('ASHA@Example.com')).toEqual(asha);
  });

  it('an id already taken is a duplicate and keeps the first account', async () => {
    await store().accounts.insert(aUser());
    expect(await store().accounts.insert(aUser({ name: 'Someone Else', email: 'else@example.com' }))).toBe('duplicate');
    expect(await store().accounts.byId('user:asha')).toEqual(aUser());
    expect(await store().accounts.byEmail('else@example.com')).toBeNull();
  });

  it('an email taken in another case is a duplicate, and nothing is written', async () => {
    await store().accounts.insert(aUser());
    expect(await store().accounts.insert(aUser({ id: 'user:other', email: 'Asha@EXAMPLE.com' }))).toBe('duplicate');
    expect(await store().accounts.byId('user:other')).toBeNull();
    expect((await store().accounts.byEmail('asha@example.com'))?.id).toBe('user:asha');
  });

  it('racing sign-ups with one email create exactly one account', async () => {
    const results = await race(
      ['asha@example.com', 'ASHA@example.com', 'Asha@Example.com', 'asha@EXAMPLE.COM'].map(
        (email, i) => () => store().accounts.insert(aUser({ id: `user:${i}`, email })),
      ),
    );
    expect(results.filter((result) => result === 'created')).toHaveLength(1);
    const winner = results.indexOf('created');
    expect((await store().accounts.byEmail('asha@example.com'))?.id).toBe(`user:${winner}`);
  });

  it('an unknown id or email reads as null', async () => {
    await store().accounts.insert(aUser());
    expect(await store().accounts.byId('user:nobody')).toBeNull();
    expect(await store().accounts.byEmail('nobody@example.com')).toBeNull();
  });

  it('freezing and unfreezing answer the account as stored; an unknown account is null', async () => {
    await store().accounts.insert(aUser());
    expect(await store().accounts.setFrozen('user:asha', true)).toEqual(aUser({ frozen: true }));
    expect(await store().accounts.byId('user:asha')).toEqual(aUser({ frozen: true }));
    expect(await store().accounts.byEmail('asha@example.com')).toEqual(aUser({ frozen: true }));
    expect(await store().accounts.setFrozen('user:asha', false)).toEqual(aUser());
    expect(await store().accounts.byId('user:asha')).toEqual(aUser());
    expect(await store().accounts.setFrozen('user:nobody', true)).toBeNull();
    expect(await store().accounts.byId('user:nobody')).toBeNull();
  });
}
