import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Bus, BusHandler } from './bus.js';

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** `redis://host:port/db` of the shared Redis server. */
  url: string;
  /** Prefix of every channel and key (default `jc:`), so several apps can share one Redis. */
  prefix?: string;
  /** Extra ioredis options. */
  redis?: RedisOptions;
  /** Seconds a process's presence counts survive without a refresh (default 60); covers crashed processes. */
  presenceTtlSeconds?: number;
}

/**
 * A {@link Bus} over Redis pub/sub, so several server processes serve one
 * conversation. Uses two connections: one subscriber, one for commands.
 * Presence counts are kept per process in a hash with a refreshed expiry, so
 * a crashed process's connections stop counting once it expires.
 */
export class RedisBus implements Bus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #node = randomUUID();
  readonly #handlers = new Map<string, Set<BusHandler>>();
  readonly #local = new Map<string, number>();
  readonly #ttl: number;
  readonly #refresh: ReturnType<typeof setInterval>;

  constructor(options: RedisBusOptions) {
    const redisOptions: RedisOptions = { lazyConnect: false, maxRetriesPerRequest: 3, ...options.redis };
    this.#publisher = new Redis(options.url, redisOptions);
    this.#subscriber = new Redis(options.url, redisOptions);
    this.#prefix = options.prefix ?? 'jc:';
    this.#ttl = options.presenceTtlSeconds ?? 60;
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#deliver(channel, message));
    this.#refresh = setInterval(() => void this.#refreshPresence(), (this.#ttl * 1000) / 3);
    this.#refresh.unref();
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.#publisher.publish(this.#prefix + channel, JSON.stringify(payload));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    const key = this.#prefix + channel;
    let handlers = this.#handlers.get(key);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(key, handlers);
      await this.#subscriber.subscribe(key);
    }
    handlers.add(handler);
    return async () => {
      const current = this.#handlers.get(key);
      if (!current?.delete(handler) || current.size > 0) return;
      this.#handlers.delete(key);
      await this.#subscriber.unsubscribe(key);
    };
  }

  async adjustPresence(userId: string, delta: number): Promise<number> {
    const local = Math.max(0, (this.#local.get(userId) ?? 0) + delta);
    if (local === 0) this.#local.delete(userId);
    else this.#local.set(userId, local);
    const key = this.#presenceKey(userId);
    const script = this.#publisher.multi();
    if (local === 0) script.hdel(key, this.#node);
    else script.hset(key, this.#node, String(local)).expire(key, this.#ttl);
    script.hvals(key);
    const results = await script.exec();
    const counts = (results?.at(-1)?.[1] as string[] | undefined) ?? [];
    return counts.reduce((sum, count) => sum + Number(count), 0);
  }

  async close(): Promise<void> {
    clearInterval(this.#refresh);
    const cleanup = this.#publisher.multi();
    for (const userId of this.#local.keys()) cleanup.hdel(this.#presenceKey(userId), this.#node);
    await cleanup.exec().catch(() => undefined);
    this.#handlers.clear();
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }

  #deliver(channel: Buffer, message: Buffer): void {
    const handlers = this.#handlers.get(channel.toString());
    if (!handlers) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.toString());
    } catch {
      return; // not ours: another publisher on a shared prefix
    }
    for (const handler of [...handlers]) handler(payload);
  }

  async #refreshPresence(): Promise<void> {
    if (this.#local.size === 0) return;
    const refresh = this.#publisher.multi();
    for (const userId of this.#local.keys()) refresh.expire(this.#presenceKey(userId), this.#ttl);
    await refresh.exec().catch(() => undefined);
  }

  #presenceKey(userId: string): string {
    return `${this.#prefix}presence:${userId}`;
  }
}

/** Creates a {@link Bus} over Redis for multi-process deployments. */
export function createRedisBus(options: RedisBusOptions): RedisBus {
  return new RedisBus(options);
}
