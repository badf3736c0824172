import type { PromotionOf } from '@jyotishconnect/billing-engine';
import type { PromotionStore } from './host-store/index.js';

/**
 * Consultants' promotions as the billing engine asks for them, within the
 * platform's bound: a promotion stored before `MAX_PROMOTION_FREE_SECONDS`
 * was lowered gives no more than the bound now (0: none at all). The engine
 * grants it only on a user's first accepted consultation with the consultant.
 */
export function promotionsWithin(promotions: PromotionStore, maxFreeSeconds: number): PromotionOf {
  return async (consultantId) => {
    if (maxFreeSeconds === 0) return null;
    const promotion = await promotions.promotionOf(consultantId);
    return promotion ? { freeSeconds: Math.min(promotion.freeSeconds, maxFreeSeconds) } : null;
  };
}
