/** What a call's peer connection is built with: the host's ICE servers, with TURN credentials fresh for this setup. */

import { get } from './api.js';

/**
 * The `RTCPeerConnection` configuration of one call setup. The host issues TURN credentials only to the
 * consultation's participants while it runs, and they expire: each new peer connection asks again.
 * @param {string} sessionId
 * @returns {Promise<RTCConfiguration>}
 */
export async function callConfiguration(sessionId) {
  /** @type {{ iceServers: RTCIceServer[], iceTransportPolicy: RTCIceTransportPolicy }} */
  const setup = await get(`/api/consultations/${encodeURIComponent(sessionId)}/ice-servers`);
  return { iceServers: setup.iceServers, iceTransportPolicy: setup.iceTransportPolicy };
}

/**
 * Calls `onNoRoute` when `peer` finished gathering without a single candidate of its own: with a relay-only
 * policy, the TURN server could not be reached or refused the credentials, and the call cannot connect (the
 * browser would keep "connecting" instead of failing).
 * @param {RTCPeerConnection} peer
 * @param {() => void} onNoRoute
 */
export function watchForNoRoute(peer, onNoRoute) {
  let candidates = 0;
  peer.addEventListener('icecandidate', (event) => {
    if (event.candidate) candidates += 1;
  });
  peer.addEventListener('icegatheringstatechange', () => {
    if (peer.iceGatheringState === 'complete' && candidates === 0) onNoRoute();
  });
}
