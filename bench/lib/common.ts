/** Helpers every bench shares. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A number from the environment, else `fallback`: positive, or zero too when `zero` is set. A value
 * set but not such a number stops the bench, which would otherwise run, and report, its defaults.
 */
export function envNumber(name: string, fallback: number, { zero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number, not "${raw}"`);
  }
  return value;
}

/** Runs `work` over `items`, `concurrency` at a time (at least one). */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/**
 * Bytes in use on the V8 heap plus typed-array backing stores, which live outside it: the memory
 * wallet keeps its ids, indexes and ledger columns in typed arrays, and `heapUsed` alone misses them.
 */
export function usedMemoryBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** A full garbage collection on demand, without starting the process with `--expose-gc`. */
export function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  // A fresh context sees the flag; the caller's global was made before it was set.
  return runInNewContext('gc') as () => void;
}
