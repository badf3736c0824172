import { isJyotishError } from '@jyotishconnect/core';
import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { aRating, race, T0 } from './fixtures.js';

/** The rating store's cases. */
export function ratingCases(store: () => HostStore): void {
  const ids = async (consultantId: string | null) => (await store().ratings.list(consultantId)).map((r) => r.id);

  it('a rating reads back by its session, with its review or without one', async () => {
    const silent = aRating({ id: 'rating:2', sessionId: 'session:2', review: null, stars: 1 });
    expect(await store().ratings.insert(aRating())).toBe('created');
    expect(await store().ratings.insert(silent)).toBe('created');
    expect(await store().ratings.ofSession('session:1')).toEqual(aRating());
    expect(await store().ratings.ofSession('session:2')).toEqual(silent);
    expect(await store().ratings.ofSession('session:3')).toBeNull();
  });

  it('a second rating of a session is a duplicate and the first stays', async () => {
    await store().ratings.insert(aRating());
    expect(await store().ratings.insert(aRating({ id: 'rating:again', stars: 1, review: 'Changed my mind' }))).toBe(
      'duplicate',
    );
    expect(await store().ratings.ofSession('session:1')).toEqual(aRating());
    expect(await store().ratings.list(null)).toEqual([aRating()]);
  });

  it('a rating id already taken is a duplicate, even for another session', async () => {
    await store().ratings.insert(aRating());
    expect(await store().ratings.insert(aRating({ sessionId: 'session:2' }))).toBe('duplicate');
    expect(await store().ratings.ofSession('session:2')).toBeNull();
  });

  it('racing ratings of one session store exactly one', async () => {
    const results = await race(
      [1, 2, 3, 4].map((stars) => () => store().ratings.insert(aRating({ id: `rating:${stars}`, stars }))),
    );
    expect(results.filter((result) => result === 'created')).toHaveLength(1);
    const winner = results.indexOf('created') + 1;
    expect(await store().ratings.ofSession('session:1')).toEqual(aRating({ id: `rating:${winner}`, stars: winner }));
  });

  it("a consultant's ratings, hidden ones included, are listed newest first; null lists every rating", async () => {
    const ratings = [
      aRating({ id: 'r1', sessionId: 's1', createdAt: T0 + 1_000 }),
      aRating({ id: 'r2', sessionId: 's2', createdAt: T0 + 3_000, hidden: true }),
      aRating({ id: 'r3', sessionId: 's3', createdAt: T0 + 2_000, consultantId: 'consultant:meera' }),
      aRating({ id: 'r4', sessionId: 's4', createdAt: T0 + 4_000 }),
    ];
    for (const rating of ratings) await store().ratings.insert(rating);
    expect(await ids('consultant:guru')).toEqual(['r4', 'r2', 'r1']);
    expect(await ids('consultant:meera')).toEqual(['r3']);
    expect(await ids(null)).toEqual(['r4', 'r2', 'r3', 'r1']);
    expect((await store().ratings.list('consultant:guru'))[1]).toEqual(ratings[1]);
    expect(await ids('consultant:nobody')).toEqual([]);
  });

  it('ratings of one instant are listed by id descending', async () => {
    for (const id of ['b', 'd', 'a', 'c']) await store().ratings.insert(aRating({ id, sessionId: `s:${id}` }));
    expect(await ids('consultant:guru')).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids(null)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('hiding and showing a review answer the rating as stored; an unknown rating is null', async () => {
    await store().ratings.insert(aRating());
    expect(await store().ratings.setHidden('rating:1', true)).toEqual(aRating({ hidden: true }));
    expect(await store().ratings.ofSession('session:1')).toEqual(aRating({ hidden: true }));
    expect(await store().ratings.list('consultant:guru')).toEqual([aRating({ hidden: true })]);
    expect(await store().ratings.setHidden('rating:1', false)).toEqual(aRating());
    expect(await store().ratings.setHidden('rating:nobody', true)).toBeNull();
  });

  it('stars outside 1 to 5 are INVALID_INPUT and nothing is stored', async () => {
    for (const stars of [0, 6]) {
      const refused = await store()
        .ratings.insert(aRating({ stars }))
        .catch((error: unknown) => error);
      expect(isJyotishError(refused, 'INVALID_INPUT')).toBe(true);
    }
    expect(await store().ratings.ofSession('session:1')).toBeNull();
    expect(await store().ratings.insert(aRating({ stars: 1 }))).toBe('created');
  });
}
