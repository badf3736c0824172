import type { Connection } from './connection.js';

/**
 * Pings every connection each period and terminates one that has not
 * answered the previous ping: a peer that vanished (a laptop lid closed, a
 * network switch) never sends a close frame. Returns the stop function.
 */
export function startHeartbeat(periodMs: number, connections: () => Iterable<Connection>): () => void {
  const timer = setInterval(() => beat(connections()), periodMs);
  timer.unref(); // the heartbeat alone must not keep the host's process alive
  return () => clearInterval(timer);
}

/** Marks a connection alive whenever its client answers a ping. */
export function answerPongs(connection: Connection): void {
  connection.socket.on('pong', () => {
    connection.alive = true;
  });
}

function beat(connections: Iterable<Connection>): void {
  for (const connection of connections) {
    if (!connection.alive) {
      connection.socket.terminate();
      continue;
    }
    connection.alive = false;
    connection.socket.ping();
  }
}
