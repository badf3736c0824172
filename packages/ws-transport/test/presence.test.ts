import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type Harness, startHarness, TRANSPORTS } from './harness.js';

describe.each(TRANSPORTS)('presence over %s', (transport) => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
  });

  it('a user is connected while any of their connections is open, and not before or after', async () => {
    harness = await startHarness({ transport });
    expect(await harness.server.isConnected('guru')).toBe(false);
    const phone = await connectClient(harness.url, 'consultant:guru');
    const laptop = await connectClient(harness.url, 'consultant:guru');
    await expect.poll(() => harness.server.isConnected('guru')).toBe(true);
    expect(await harness.server.isConnected('asha')).toBe(false);

    phone.client.close();
    await expect.poll(() => harness.server.connections).toBe(1);
    expect(await harness.server.isConnected('guru')).toBe(true);
    laptop.client.close();
    await expect.poll(() => harness.server.isConnected('guru')).toBe(false);
  });
});
