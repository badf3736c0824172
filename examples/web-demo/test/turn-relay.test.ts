// A video consultation relayed through a TURN server: the host issues coturn REST credentials, the pages
// may only use relay candidates (ICE_TRANSPORT_POLICY=relay), so the call connects through the test's own
// coturn on 127.0.0.1 or not at all — and with coturn stopped it does not, and the page says what to do.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TURN_SECRET } from '../../express-host/src/config.js';
import {
  apiFrom,
  chromiumWorld,
  DESKTOP,
  describeInChromium,
  expectCallConnected,
  expectExactCharges,
  PHONE_390,
  requestConsultation,
  shot,
  waitForTicks,
} from './browser.js';
import { type Coturn, hasTurnserver, startCoturn } from './coturn.js';
import { endConsultation, signInBoth } from './flows.js';
import { GURU_RATES, MODES, startWorld, type World } from './world.js';

/** In the page: every RTCPeerConnection it creates, kept on `globalThis.peers` for the checks below. */
function recordPeerConnections(): void {
  // biome-ignore lint/suspicious/noExplicitAny: RTCPeerConnection is not in the root tsconfig's libs.
  const g = globalThis as any;
  const Native = g.RTCPeerConnection;
  g.peers = [];
  g.RTCPeerConnection = class extends Native {
    constructor(...args: unknown[]) {
      super(...args);
      g.peers.push(this);
    }
  };
}

/**
 * The newest peer connection's policy and, once connected, the selected pair's local candidate: its type, and
 * for a relay candidate the TURN server that allocated it.
 */
async function routeOf(page: Page): Promise<{ policy: string; localCandidate: string | null; server: string | null }> {
  return await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: WebRTC is not in the root tsconfig's libs.
    const peer = (globalThis as any).peers.at(-1);
    const stats: Map<string, Record<string, unknown>> = await peer.getStats();
    const transport = [...stats.values()].find((s) => s.type === 'transport');
    const pair = transport ? stats.get(String(transport.selectedCandidatePairId)) : undefined;
    const local = pair ? stats.get(String(pair.localCandidateId)) : undefined;
    return {
      policy: peer.getConfiguration().iceTransportPolicy,
      localCandidate: (local?.candidateType as string) ?? null,
      server: (local?.url as string) ?? null,
    };
  });
}

/** The remote video's current time: it advances while frames arrive. */
const remoteTime = (page: Page) =>
  page.getByTestId('remote-video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

describe.skipIf(!hasTurnserver)(
  hasTurnserver
    ? 'calls through a TURN relay'
    : 'calls through a TURN relay (skipped: no turnserver; apt-get install coturn)',
  () => {
    describeInChromium('a relay-only video call in headless Chromium', () => {
      describe.each(MODES)('in %s mode', (mode) => {
        const demo = mode === 'demo';
        // Demo mode signs with the public demo secret (the host is on 127.0.0.1); production with its own.
        const secret = demo ? DEMO_TURN_SECRET : randomBytes(32).toString('base64url');
        let coturn: Coturn;
        const chromium = chromiumWorld(async (): Promise<World> => {
          coturn = await startCoturn(secret);
          const env = { TURN_URLS: coturn.url, ICE_TRANSPORT_POLICY: 'relay', TURN_TTL_SECONDS: '600' };
          const world = await startWorld(mode, 'stripe', demo ? env : { ...env, TURN_SECRET: secret });
          return { ...world, close: async () => void (await Promise.all([world.close(), coturn.stop()])) };
        });
        let world: World;
        let user: Page;
        let guru: Page;

        beforeAll(async () => {
          world = chromium.world;
          user = await chromium.page('user');
          guru = await chromium.page('consultant');
          for (const page of [user, guru]) await page.addInitScript(recordPeerConnections);
        }, 60_000);

        it('connects only through coturn: remote frames arrive over a relay candidate, billed at the video rate', async () => {
          await signInBoth(world, user, guru);
          const opening = (await apiFrom<{ balance: number }>(user, '/api/wallet')).balance;
          await requestConsultation(user, world.consultant.id, 'video');
          await guru.getByTestId('request').getByTestId('accept').click();
          for (const page of [user, guru]) {
            await expectCallConnected(page);
            const before = await remoteTime(page);
            await expect.poll(() => remoteTime(page), { timeout: 20_000 }).toBeGreaterThan(before);
            await expect
              .poll(() => routeOf(page), { timeout: 20_000 })
              .toEqual({ policy: 'relay', localCandidate: 'relay', server: coturn.url });
          }
          const ticks = await waitForTicks(user, 3);
          expectExactCharges(ticks, GURU_RATES.video, opening);
          if (demo) {
            await shot(user, 'user-video-relayed', DESKTOP);
            await shot(user, 'user-video-relayed', PHONE_390);
          }
          await endConsultation(user);
          await user.getByTestId('back-to-list').click();
          await guru.getByTestId('dismiss-summary').click();
        }, 120_000);

        it('with coturn stopped the call never connects, and each side is told what to do next', async () => {
          await coturn.stop();
          await requestConsultation(user, world.consultant.id, 'video');
          await guru.getByTestId('request').getByTestId('accept').click();
          await user.getByTestId('session').waitFor();
          for (const page of [user, guru]) {
            const call = page.getByTestId('call');
            await expect.poll(() => call.getAttribute('data-unreachable'), { timeout: 90_000 }).toBe('true');
            expect(await page.getByTestId('call-state').textContent()).toBe('Call could not connect');
            expect(await page.getByTestId('call-lost-text').textContent()).toMatch(
              /^The call could not connect: .*Rejoin the call, or end the consultation/,
            );
            expect(await page.getByTestId('call-rejoin').isVisible()).toBe(true);
            expect(
              await page
                .getByTestId('remote-video')
                .evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth),
            ).toBe(0);
          }
          if (demo) {
            await shot(user, 'user-video-unreachable', DESKTOP);
            await shot(user, 'user-video-unreachable', PHONE_390);
          }
          await endConsultation(user);
        }, 150_000);
      });
    });
  },
);
