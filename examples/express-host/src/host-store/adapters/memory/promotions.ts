import type { PromotionStore } from '../../ports.js';
import type { ConsultantPromotion } from '../../records.js';

/** Consultants' promotions in a map. */
export function memoryPromotions(): PromotionStore {
  const promotions = new Map<string, ConsultantPromotion>();
  return {
    promotionOf: async (consultantId) => promotions.get(consultantId) ?? null,
    set: async (promotion) => void promotions.set(promotion.consultantId, promotion),
    clear: async (consultantId) => void promotions.delete(consultantId),
  };
}
