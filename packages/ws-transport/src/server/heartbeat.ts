import type { Connection } from './connection.js';

/**
 * Beats every connection's socket each period, so one whose peer vanished (a
 * laptop lid closed, a network switch) is ended though it never sent a
 * close. Returns the stop function.
 */
export function startHeartbeat(periodMs: number, connections: () => Iterable<Connection>): () => void {
  const timer = setInterval(() => {
    for (const connection of connections()) connection.socket.beat();
  }, periodMs);
  timer.unref(); // the heartbeat alone must not keep the host's process alive
  return () => clearInterval(timer);
}
