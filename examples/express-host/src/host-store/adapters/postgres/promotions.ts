import type { SqlExecutor } from '@jyotishconnect/core';
import type { PromotionStore } from '../../ports.js';
import type { ConsultantPromotion } from '../../records.js';

const COLUMNS = 'consultant_id, free_seconds, set_by, updated_at';
const PREPARED = { prepare: true } as const;
/** A bigint column as the driver hands it over (node-postgres: a string; PGlite: a number). */
type Int = string | number | bigint;

/** A `promotions` row (migration 8). */
interface PromotionRow {
  consultant_id: string;
  free_seconds: Int;
  set_by: string;
  updated_at: Int;
}

function toPromotion(row: PromotionRow): ConsultantPromotion {
  return {
    consultantId: row.consultant_id,
    freeSeconds: Number(row.free_seconds),
    setBy: row.set_by,
    updatedAt: Number(row.updated_at),
  };
}

/** Consultants' promotions in the `promotions` table: one row per consultant, each method one statement. */
export function sqlPromotions(db: SqlExecutor, table: string): PromotionStore {
  const sql = {
    of: `SELECT ${COLUMNS} FROM ${table} WHERE consultant_id = $1`,
    set: `INSERT INTO ${table} (${COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (consultant_id)
      DO UPDATE SET free_seconds = EXCLUDED.free_seconds, set_by = EXCLUDED.set_by, updated_at = EXCLUDED.updated_at`,
    clear: `DELETE FROM ${table} WHERE consultant_id = $1`,
  };
  return {
    promotionOf: async (consultantId) => {
      const [row] = (await db.query<PromotionRow>(sql.of, [consultantId], PREPARED)).rows;
      return row ? toPromotion(row) : null;
    },
    set: async (p) => void (await db.query(sql.set, [p.consultantId, p.freeSeconds, p.setBy, p.updatedAt], PREPARED)),
    clear: async (consultantId) => void (await db.query(sql.clear, [consultantId], PREPARED)),
  };
}
