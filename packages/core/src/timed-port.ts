import { type MetricLabels, type MetricsSink, metricNames } from './metrics.js';

/** Told of every settled call of a {@link timedPort}: its method, and its result or the error it threw. */
export type PortCallListener = (method: string, result: unknown, error: unknown) => void;

/**
 * Wraps a storage port so every method call reports its duration and outcome
 * as `jyotishconnect_store_call_duration_seconds{store, method, outcome}`.
 * One wrapper serves every adapter (memory, SQL, MongoDB) of the port; the
 * adapter is called with itself as `this`, so its private fields still work.
 * `settled` sees each outcome, for counts a package derives from its port.
 */
export function timedPort<T extends object>(
  port: T,
  metrics: MetricsSink,
  store: string,
  settled?: PortCallListener,
): T {
  // Each method's wrapper is kept with the function it wraps: a method replaced on the adapter
  // afterwards (a test's spy, a reconnect) is read and wrapped afresh, never bypassed.
  const wrappers = new Map<string, { readonly method: unknown; readonly wrapper: unknown }>();
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrappers.get(property);
      if (known?.method === value) return known.wrapper;
      const wrapper = timedMethod(target, value as (...args: unknown[]) => unknown, property, metrics, store, settled);
      wrappers.set(property, { method: value, wrapper });
      return wrapper;
    },
  });
}

function timedMethod(
  target: object,
  method: (...args: unknown[]) => unknown,
  name: string,
  metrics: MetricsSink,
  store: string,
  settled: PortCallListener | undefined,
): (...args: unknown[]) => unknown {
  // Built once per method, so a call allocates no label objects.
  const ok: MetricLabels = { store, method: name, outcome: 'ok' };
  const failed: MetricLabels = { store, method: name, outcome: 'error' };
  const report = (started: number, result: unknown, error: unknown) => {
    metrics.observe(metricNames.storeCall, error === undefined ? ok : failed, (performance.now() - started) / 1_000);
    settled?.(name, result, error);
  };
  return (...args: unknown[]) => {
    const started = performance.now();
    let result: unknown;
    try {
      result = Reflect.apply(method, target, args);
    } catch (error) {
      report(started, undefined, error);
      throw error;
    }
    if (!(result instanceof Promise)) {
      report(started, result, undefined);
      return result;
    }
    return result.then(
      (value: unknown) => {
        report(started, value, undefined);
        return value;
      },
      (error: unknown) => {
        report(started, undefined, error);
        throw error;
      },
    );
  };
}
