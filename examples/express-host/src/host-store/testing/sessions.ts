import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { aSession, T0 } from './fixtures.js';

/** The session index's cases. */
export function sessionCases(store: () => HostStore): void {
  /** Records sessions `[id, userId, consultantId, requestedAt offset]` in the order given. */
  const record = async (...refs: Array<[string, string, string, number]>) => {
    for (const [id, userId, consultantId, at] of refs) {
      await store().sessions.record(aSession({ id, userId, consultantId, requestedAt: T0 + at }));
    }
  };
  const ids = async (participantId: string | null, limit = 100) =>
    (await store().sessions.list(participantId, limit)).map((session) => session.id);

  it("a participant's sessions, as user and as consultant, are listed newest request first", async () => {
    await record(
      ['s1', 'user:asha', 'consultant:guru', 1_000],
      ['s2', 'user:ravi', 'consultant:asha', 3_000],
      ['s3', 'user:asha', 'consultant:meera', 2_000],
      ['s4', 'user:kiran', 'consultant:guru', 4_000],
    );
    expect(await ids('user:asha')).toEqual(['s3', 's1']);
    expect(await ids('consultant:asha')).toEqual(['s2']);
    expect(await ids('consultant:guru')).toEqual(['s4', 's1']);
    expect(await store().sessions.list('user:asha', 1)).toEqual([
      aSession({ id: 's3', consultantId: 'consultant:meera', requestedAt: T0 + 2_000 }),
    ]);
  });

  it('every session is listed for a null participant, and the limit keeps the newest', async () => {
    await record(
      ['s1', 'user:asha', 'consultant:guru', 1_000],
      ['s2', 'user:ravi', 'consultant:meera', 3_000],
      ['s3', 'user:kiran', 'consultant:guru', 2_000],
    );
    expect(await ids(null)).toEqual(['s2', 's3', 's1']);
    expect(await ids(null, 2)).toEqual(['s2', 's3']);
  });

  it('sessions requested in one instant are listed by id descending', async () => {
    await record(
      ['b', 'user:asha', 'consultant:guru', 0],
      ['d', 'user:asha', 'consultant:guru', 0],
      ['a', 'user:asha', 'consultant:guru', 0],
      ['c', 'user:asha', 'consultant:guru', 0],
    );
    expect(await ids('user:asha')).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids(null, 3)).toEqual(['d', 'c', 'b']);
  });

  it('recording a session again keeps its first record', async () => {
    await store().sessions.record(aSession());
    await store().sessions.record(aSession({ userId: 'user:other', requestedAt: T0 + 5 }));
    expect(await store().sessions.list(null, 10)).toEqual([aSession()]);
    expect(await store().sessions.list('user:other', 10)).toEqual([]);
  });

  it('a limit below 1 lists nothing', async () => {
    await record(['s1', 'user:asha', 'consultant:guru', 0]);
    expect(await ids('user:asha', 0)).toEqual([]);
    expect(await ids(null, 0)).toEqual([]);
    expect(await ids(null, -1)).toEqual([]);
  });

  it('a participant without sessions lists nothing', async () => {
    await record(['s1', 'user:asha', 'consultant:guru', 0]);
    expect(await ids('user:nobody')).toEqual([]);
  });
}
