import { describe, expect, it } from 'vitest';
import { createMemoryHostStore } from '../src/host-store/adapters/memory/index.js';
import { promotionsWithin } from '../src/promotions.js';

describe("consultants' promotions as the billing engine reads them", () => {
  const promotion = { consultantId: 'consultant:guru', freeSeconds: 240, setBy: 'consultant:guru', updatedAt: 1 };

  it('a promotion stored under a higher bound gives no more than the bound now', async () => {
    const host = createMemoryHostStore();
    await host.promotions.set(promotion);
    expect(await promotionsWithin(host.promotions, 120)('consultant:guru', 'user:asha')).toEqual({ freeSeconds: 120 });
    expect(await promotionsWithin(host.promotions, 300)('consultant:guru', 'user:asha')).toEqual({ freeSeconds: 240 });
  });

  it('with the bound at 0, no stored promotion gives anything, and a consultant without one gives nothing', async () => {
    const host = createMemoryHostStore();
    await host.promotions.set(promotion);
    expect(await promotionsWithin(host.promotions, 0)('consultant:guru', 'user:asha')).toBeNull();
    expect(await promotionsWithin(host.promotions, 120)('consultant:meera', 'user:asha')).toBeNull();
  });
});
