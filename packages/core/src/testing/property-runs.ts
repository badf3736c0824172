/**
 * Runs of a randomized property test: `runs`, sized to finish in seconds on
 * a loaded CI machine, times `PROPERTY_SCALE` when a longer run is asked for
 * (`PROPERTY_SCALE=20 pnpm test`).
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.PROPERTY_SCALE ?? 1);
  return Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
