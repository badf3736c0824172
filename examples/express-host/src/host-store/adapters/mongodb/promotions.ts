import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import type { Collection, Long } from 'mongodb';
import type { PromotionStore } from '../../ports.js';
import type { ConsultantPromotion } from '../../records.js';

/** A consultant's promotion as stored; `_id` is the consultant id. */
export interface PromotionDoc {
  _id: string;
  freeSeconds: Long;
  setBy: string;
  updatedAt: Long;
}

/** Consultants' promotions, one document per consultant (mirrors the SQL adapter's table). */
export function mongoPromotions(promotions: Collection<PromotionDoc>): PromotionStore {
  return {
    promotionOf: async (consultantId) => {
      const doc = await promotions.findOne({ _id: consultantId });
      return doc && toPromotion(doc);
    },
    set: async (p) =>
      void (await promotions.replaceOne(
        { _id: p.consultantId },
        { freeSeconds: int64(p.freeSeconds), setBy: p.setBy, updatedAt: int64(p.updatedAt) },
        { upsert: true },
      )),
    clear: async (consultantId) => void (await promotions.deleteOne({ _id: consultantId })),
  };
}

function toPromotion(d: PromotionDoc): ConsultantPromotion {
  return {
    consultantId: d._id,
    freeSeconds: fromInt64(d.freeSeconds),
    setBy: d.setBy,
    updatedAt: fromInt64(d.updatedAt),
  };
}
