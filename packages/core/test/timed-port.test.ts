import { metricNames, timedPort } from '@jyotishconnect/core';
import { RecordingMetrics } from '@jyotishconnect/core/testing';
import { describe, expect, it } from 'vitest';

/** A port with private state, a synchronous method and a plain property, as adapters have. */
class CountingStore {
  readonly name = 'counting';
  #calls = 0;

  async next(): Promise<number> {
    return ++this.#calls;
  }

  peek(): number {
    return this.#calls;
  }

  async fail(): Promise<never> {
    throw new Error('store down');
  }
}

describe('timedPort', () => {
  it('calls the adapter with itself as this, so private fields still work, and times each call', async () => {
    const metrics = new RecordingMetrics();
    const store = timedPort(new CountingStore(), metrics, 'test');
    expect(await store.next()).toBe(1);
    expect(await store.next()).toBe(2);
    expect(store.peek()).toBe(2);
    expect(store.name).toBe('counting');

    const calls = metrics.of(metricNames.storeCall, { store: 'test', outcome: 'ok' });
    expect(calls.map((call) => call.labels.method)).toEqual(['next', 'next', 'peek']);
  });

  it('a method replaced on the adapter after wrapping (a spy) is the one called, and timed', async () => {
    const metrics = new RecordingMetrics();
    const adapter = new CountingStore();
    const store = timedPort(adapter, metrics, 'test');
    expect(await store.next()).toBe(1);
    adapter.next = async () => 42;
    expect(await store.next()).toBe(42);
    expect(metrics.of(metricNames.storeCall, { store: 'test', method: 'next' })).toHaveLength(2);
  });

  it('passes a rejection through, labelled as an error, and tells the listener', async () => {
    const metrics = new RecordingMetrics();
    const seen: Array<[string, unknown]> = [];
    const store = timedPort(new CountingStore(), metrics, 'test', (method, _result, error) =>
      seen.push([method, error]),
    );
    await expect(store.fail()).rejects.toThrow('store down');

    expect(metrics.of(metricNames.storeCall, { method: 'fail', outcome: 'error' })).toHaveLength(1);
    expect(seen).toEqual([['fail', expect.objectContaining({ message: 'store down' })]]);
  });

  it('hands back the same wrapper for a method every time', () => {
    const store = timedPort(new CountingStore(), new RecordingMetrics(), 'test');
    expect(store.next).toBe(store.next);
  });
});
