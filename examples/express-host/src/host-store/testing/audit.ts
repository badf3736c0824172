import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import { anAuditEntry, T0 } from './fixtures.js';

/** The audit log's cases. */
export function auditCases(store: () => HostStore): void {
  const ids = async (limit: number) => (await store().audit.latest(limit)).map((entry) => entry.id);

  it('the log lists the newest entries first, at most the limit', async () => {
    for (const [id, at] of [
      ['a1', 1_000],
      ['a2', 3_000],
      ['a3', 2_000],
    ] as const) {
      expect(await store().audit.append(anAuditEntry({ id, createdAt: T0 + at }))).toBe('created');
    }
    expect(await ids(10)).toEqual(['a2', 'a3', 'a1']);
    expect(await ids(2)).toEqual(['a2', 'a3']);
    expect(await store().audit.latest(1)).toEqual([anAuditEntry({ id: 'a2', createdAt: T0 + 3_000 })]);
  });

  it('entries of one instant are listed last appended first', async () => {
    const appended = ['e', 'a', 'c', 'b', 'd'];
    for (const id of appended) await store().audit.append(anAuditEntry({ id }));
    expect(await ids(10)).toEqual([...appended].reverse());
    expect(await ids(2)).toEqual(['d', 'b']);
  });

  it('appending an id already logged is a duplicate and logs it once', async () => {
    await store().audit.append(anAuditEntry());
    expect(await store().audit.append(anAuditEntry({ action: 'unfreeze' }))).toBe('duplicate');
    expect(await store().audit.latest(10)).toEqual([anAuditEntry()]);
  });

  it('details are kept as JSON: nested values round-trip, undefined fields are dropped', async () => {
    const details = {
      refundId: 'r1',
      refunded: 400,
      requested: 'all',
      reason: null,
      flags: [true, false],
      nested: { sessionId: 's1', parts: [1, 2, 3] },
      skipped: undefined,
    };
    await store().audit.append(anAuditEntry({ details }));
    const { skipped: _skipped, ...kept } = details;
    expect(await store().audit.latest(1)).toEqual([anAuditEntry({ details: kept })]);
  });

  it('a limit below 1 lists nothing', async () => {
    await store().audit.append(anAuditEntry());
    expect(await ids(0)).toEqual([]);
    expect(await ids(-1)).toEqual([]);
  });
}
