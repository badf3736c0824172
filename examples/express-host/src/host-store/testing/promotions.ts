import { expect, it } from 'vitest';
import type { HostStore } from '../ports.js';
import type { ConsultantPromotion } from '../records.js';

const guru: ConsultantPromotion = {
  consultantId: 'consultant:guru',
  freeSeconds: 120,
  setBy: 'consultant:guru',
  updatedAt: 1_700_000_000_000,
};

/** The promotion store's cases. */
export function promotionCases(store: () => HostStore): void {
  it('a consultant without a promotion reads null, and clearing it anyway is harmless', async () => {
    expect(await store().promotions.promotionOf('consultant:guru')).toBeNull();
    await store().promotions.clear('consultant:guru');
    expect(await store().promotions.promotionOf('consultant:guru')).toBeNull();
  });

  it('a promotion reads back, the next one replaces it, and clearing removes it', async () => {
    await store().promotions.set(guru);
    expect(await store().promotions.promotionOf('consultant:guru')).toEqual(guru);
    const byAdmin = { ...guru, freeSeconds: 300, setBy: 'admin:root', updatedAt: guru.updatedAt + 1 };
    await store().promotions.set(byAdmin);
    expect(await store().promotions.promotionOf('consultant:guru')).toEqual(byAdmin);
    await store().promotions.clear('consultant:guru');
    expect(await store().promotions.promotionOf('consultant:guru')).toBeNull();
  });

  it('each consultant has a promotion of their own', async () => {
    const other = { ...guru, consultantId: 'consultant:meena', setBy: 'consultant:meena', freeSeconds: 60 };
    await store().promotions.set(guru);
    await store().promotions.set(other);
    await store().promotions.clear('consultant:guru');
    expect(await store().promotions.promotionOf('consultant:guru')).toBeNull();
    expect(await store().promotions.promotionOf('consultant:meena')).toEqual(other);
  });
}
