/** Voice and video calls: RTCPeerConnection with the server's signaling (call.offer / answer / ice / hangup); ./call-view.js draws them. */

import { callConfiguration, watchForNoRoute } from './call-setup.js';
import { createCallView } from './call-view.js';
import { on, rt } from './state.js';

/**
 * @typedef {{ el: HTMLElement, start: () => Promise<void>, dispose: () => void, state: () => string }} Call
 * @typedef {import('./call-view.js').CallState} CallState
 */

/**
 * A call panel for one session. Each side sends an offer when its call starts (the session became
 * active, or its page came back to a running session after a reload) and when Rejoin is pressed.
 * Every offer gets a fresh peer connection on the other side: the old one cannot carry on with a page
 * that reloaded. When both offer at once, the consultant's side answers the user's (the caller's) offer,
 * and the user's side sends it again in case the consultant's page was still loading the first time.
 * Signaling is handled one message at a time, in order, so a candidate never overtakes its offer.
 * @param {{ sessionId: string, service: 'voice' | 'video', caller: boolean, otherName: string, onHangup: () => void }} options
 * @returns {Call}
 */
export function createCall({ sessionId, service, caller, otherName, onHangup }) {
  const video = service === 'video';
  let current = 'idle';
  /** @type {RTCPeerConnection | null} */
  let pc = null;
  /** @type {Promise<MediaStream | null> | null} */
  let media = null;
  /** @type {MediaStream | null} */
  let local = null;
  /** Candidates that came before the description they belong to. @type {RTCIceCandidateInit[]} */
  const pendingIce = [];
  /** An offer that came before this side started. @type {string | null} */
  let pendingOffer = null;
  /** The offer this side sent last. @type {string | undefined} */
  let sentOffer;
  /** The other side's offer this side answered last. @type {string | undefined} */
  let answeredOffer;
  let started = false;
  let signaling = Promise.resolve();

  const view = createCallView({ service, otherName, onRejoin: rejoin, onHangup: hangup });

  /** @param {CallState} s */
  function setState(s) {
    current = s;
    view.setState(s);
  }

  /** Runs signaling steps one after another; a step that fails is logged and the next one runs. */
  function serially(/** @type {() => Promise<void>} */ step) {
    signaling = signaling
      .then(() => (current === 'closed' ? undefined : step()))
      .catch((error) => console.warn('call signaling failed', error));
  }

  /** The camera and microphone, asked for once per call; every peer connection reuses them. */
  function localMedia() {
    media ??= (async () => {
      setState('media');
      try {
        local = await navigator.mediaDevices.getUserMedia({ audio: true, video });
        // The call may have ended while the browser asked.
        if (current === 'closed') releaseMedia();
        else view.setLocal(local);
      } catch (error) {
        console.warn('getUserMedia failed', error);
        setState('denied');
      }
      return local;
    })();
    return media;
  }

  /** A new peer connection in place of the current one, which is closed. */
  async function freshPeer() {
    const stream = await localMedia();
    if (current === 'closed') throw new Error('the call ended');
    let configuration;
    try {
      configuration = await callConfiguration(sessionId);
    } catch (error) {
      setState('failed'); // no way to set the call up: the view offers Rejoin, which asks again
      throw error;
    }
    if (current === 'closed') throw new Error('the call ended');
    pc?.close();
    const peer = new RTCPeerConnection(configuration);
    pc = peer;
    watchForNoRoute(peer, () => {
      if (peer === pc && current !== 'closed') setState('failed');
    });
    if (stream) for (const track of stream.getTracks()) peer.addTrack(track, stream);
    else {
      peer.addTransceiver('audio', { direction: 'recvonly' });
      if (video) peer.addTransceiver('video', { direction: 'recvonly' });
    }
    peer.onicecandidate = (event) => {
      if (event.candidate && peer === pc)
        void rt({ type: 'call.ice', sessionId, candidate: event.candidate.toJSON() }).catch(() => undefined);
    };
    peer.ontrack = (event) => {
      const [remote] = event.streams;
      if (remote) view.setRemote(remote);
    };
    peer.onconnectionstatechange = () => {
      // A replaced peer's last state changes say nothing about the call.
      if (peer !== pc || current === 'closed') return;
      const s = /** @type {CallState} */ (peer.connectionState);
      if (s !== 'new' && s !== 'closed') setState(s);
    };
    if (current !== 'denied') setState('connecting');
    return peer;
  }

  async function sendOffer() {
    const peer = await freshPeer();
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    sentOffer = offer.sdp;
    await rt({ type: 'call.offer', sessionId, sdp: sentOffer });
  }

  /** @param {string} sdp */
  async function receiveOffer(sdp) {
    if (sdp === answeredOffer) return; // the user's side sent it again (below), and it is answered
    if (caller && pc?.signalingState === 'have-local-offer') {
      // Both offered at once: the user's side keeps its offer (the other side yields) and sends it again.
      await rt({ type: 'call.offer', sessionId, sdp: sentOffer });
      return;
    }
    const peer = await freshPeer();
    await peer.setRemoteDescription({ type: 'offer', sdp });
    answeredOffer = sdp;
    await flushIce();
    const answer = await peer.createAnswer();
    await peer.setLocalDescription(answer);
    await rt({ type: 'call.answer', sessionId, sdp: answer.sdp });
  }

  /** @param {string} sdp */
  async function receiveAnswer(sdp) {
    if (pc?.signalingState !== 'have-local-offer') return; // the answer to an offer this side gave up
    await pc.setRemoteDescription({ type: 'answer', sdp });
    await flushIce();
  }

  async function flushIce() {
    const peer = pc;
    if (!peer?.remoteDescription) return;
    // A candidate of an earlier connection fails to apply, harmlessly.
    for (const candidate of pendingIce.splice(0)) await peer.addIceCandidate(candidate).catch(() => undefined);
  }

  function rejoin() {
    serially(sendOffer);
  }

  /** @type {Array<() => void>} */
  const offs = [
    on('call.offer', (/** @type {{ sessionId: string, sdp: string }} */ d) => {
      if (d.sessionId !== sessionId) return;
      if (started) serially(() => receiveOffer(d.sdp));
      else pendingOffer = d.sdp;
    }),
    on('call.answer', (/** @type {{ sessionId: string, sdp: string }} */ d) => {
      if (d.sessionId === sessionId) serially(() => receiveAnswer(d.sdp));
    }),
    on('call.ice', (/** @type {{ sessionId: string, candidate: RTCIceCandidateInit }} */ d) => {
      if (d.sessionId !== sessionId || !d.candidate) return;
      pendingIce.push(d.candidate);
      serially(flushIce);
    }),
    on('call.hangup', (/** @type {{ sessionId: string }} */ d) => {
      if (d.sessionId === sessionId) close();
    }),
    on('call.ended', (/** @type {{ sessionId: string }} */ d) => {
      if (d.sessionId === sessionId) close();
    }),
  ];

  function hangup() {
    void rt({ type: 'call.hangup', sessionId }).catch((e) => console.warn('hangup failed', e));
    close();
    onHangup();
  }

  function close() {
    if (current === 'closed') return;
    pc?.close();
    pc = null;
    releaseMedia();
    setState('closed');
  }

  function releaseMedia() {
    for (const track of local?.getTracks() ?? []) track.stop();
    local = null;
    view.setLocal(null);
  }

  return {
    el: view.el,
    state: () => current,
    async start() {
      if (started) return;
      started = true;
      const offer = pendingOffer;
      pendingOffer = null;
      serially(offer ? () => receiveOffer(offer) : sendOffer);
      await signaling;
    },
    dispose() {
      for (const off of offs) off();
      close();
    },
  };
}
