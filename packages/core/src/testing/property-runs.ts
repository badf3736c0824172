/**
 * How many times longer than CI's a randomized run was asked to be: `PROPERTY_SCALE`
 * (`PROPERTY_SCALE=20 pnpm test`), 1 when it is unset or not a positive number.
 */
export function propertyScale(): number {
  const scale = Number(process.env.PROPERTY_SCALE ?? 1);
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * Runs of a randomized property test: `runs`, sized to finish in seconds on
 * a loaded CI machine, times {@link propertyScale} when a longer run is asked for.
 */
export function propertyRuns(runs: number): number {
  return Math.max(1, Math.round(runs * propertyScale()));
}
