import type { ConsultationClient } from '@jyotishconnect/ws-transport/client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, eventually, type Harness, startHarness, TRANSPORTS } from './harness.js';

/** The client's connection state, kept current. */
function stateOf(client: ConsultationClient): { current: string } {
  const state = { current: 'open' };
  client.on('state', (next) => {
    state.current = next;
  });
  return state;
}

describe.each(TRANSPORTS)('revoking access over %s', (transport) => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
  });

  it("disconnectUser closes every one of a user's connections for good, and no one else's", async () => {
    harness = await startHarness({ transport });
    const first = await connectClient(harness.url, 'user:mallory');
    const second = await connectClient(harness.url, 'user:mallory');
    const bystander = await connectClient(harness.url, 'user:asha');
    const errors: string[] = [];
    first.client.on('error', (error) => errors.push(error.code));
    const states = [stateOf(first.client), stateOf(second.client)];
    await harness.server.disconnectUser('mallory', 'account frozen');
    await eventually(() => states.every((state) => state.current === 'closed'));
    expect(errors).toEqual(['REVOKED']);
    // Closed for good: a client that meant to reconnect would be `reconnecting`.
    expect(harness.server.connections).toBe(1);
    bystander.client.close();
  });

  it('a connection whose account is no longer allowed gets FORBIDDEN for its next frame and is closed', async () => {
    const frozen = new Set<string>();
    harness = await startHarness({ transport, allowed: (user) => !frozen.has(user.id) });
    const { client } = await connectClient(harness.url, 'user:mallory');
    await client.request({ type: 'ping' });
    frozen.add('mallory');
    await expect(client.request({ type: 'ping' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await eventually(() => harness.server.connections === 0);
  });
});
