/** Voice and video calls: RTCPeerConnection with the server's signaling (call.offer / answer / ice / hangup). */

import { h } from './dom.js';
import { on, rt, state } from './state.js';

/**
 * @typedef {{ el: HTMLElement, start: () => Promise<void>, dispose: () => void, state: () => string }} Call
 */

const STATE_TEXT = {
  idle: 'Waiting to connect',
  media: 'Starting camera and microphone…',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Connection interrupted',
  failed: 'Connection failed',
  closed: 'Call ended',
  denied: 'Camera or microphone blocked',
};

/**
 * A call panel for one session. The user places the call (sends the offer) once the session is active;
 * the consultant answers. ICE candidates that arrive before the remote description are queued.
 * @param {{ sessionId: string, service: 'voice' | 'video', caller: boolean, otherName: string, onHangup: () => void }} options
 * @returns {Call}
 */
export function createCall({ sessionId, service, caller, otherName, onHangup }) {
  const video = service === 'video';
  let current = 'idle';
  /** @type {RTCPeerConnection | null} */
  let pc = null;
  /** @type {MediaStream | null} */
  let local = null;
  /** @type {RTCIceCandidateInit[]} */
  const pendingIce = [];
  /** @type {string | null} */
  let pendingOffer = null;
  let started = false;

  const remoteVideo = /** @type {HTMLVideoElement} */ (
    h('video', {
      class: 'remote-video',
      autoplay: true,
      playsinline: true,
      'data-testid': 'remote-video',
      'aria-label': `${otherName}'s video`,
    })
  );
  const localVideo = /** @type {HTMLVideoElement} */ (
    h('video', {
      class: 'local-video',
      autoplay: true,
      playsinline: true,
      muted: true,
      'data-testid': 'local-video',
      'aria-label': 'Your camera',
    })
  );
  localVideo.muted = true;
  const status = h('p', { class: 'call-status', 'data-testid': 'call-state', 'aria-live': 'polite' }, STATE_TEXT.idle);
  const muteBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-round',
      'aria-pressed': 'false',
      'data-testid': 'call-mute',
      onclick: toggleMute,
    },
    'Mute',
  );
  const camBtn = video
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-round',
          'aria-pressed': 'false',
          'data-testid': 'call-camera',
          onclick: toggleCam,
        },
        'Camera off',
      )
    : null;
  const hangBtn = h(
    'button',
    { type: 'button', class: 'btn btn-danger btn-round', 'data-testid': 'call-hangup', onclick: hangup },
    'Hang up',
  );
  const stage = video
    ? h('div', { class: 'call-stage' }, remoteVideo, localVideo)
    : h(
        'div',
        { class: 'call-stage call-voice' },
        h('div', { class: 'voice-avatar', 'aria-hidden': 'true' }, '☊'),
        h('p', {}, `Voice call with ${otherName}`),
        remoteVideo,
      );
  const el = h(
    'section',
    {
      class: `call ${video ? 'call-video' : 'call-audio'}`,
      'aria-label': `${video ? 'Video' : 'Voice'} call`,
      'data-testid': 'call',
    },
    stage,
    status,
    h('div', { class: 'call-controls' }, muteBtn, camBtn, hangBtn),
  );

  /** @param {keyof typeof STATE_TEXT} s */
  function setState(s) {
    current = s;
    status.textContent = STATE_TEXT[s] ?? s;
    el.dataset.state = s;
  }

  /** @type {Promise<RTCPeerConnection> | null} */
  let peerPromise = null;
  /** One peer per call, however many signals race to create it. */
  function ensurePeer() {
    peerPromise ??= createPeer();
    return peerPromise;
  }

  async function createPeer() {
    setState('media');
    try {
      local = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    } catch (error) {
      console.warn('getUserMedia failed', error);
      setState('denied');
      local = null;
    }
    if (local && video) localVideo.srcObject = local;
    const peer = new RTCPeerConnection({ iceServers: state.iceServers });
    pc = peer;
    if (local) for (const track of local.getTracks()) peer.addTrack(track, local);
    else {
      peer.addTransceiver('audio', { direction: 'recvonly' });
      if (video) peer.addTransceiver('video', { direction: 'recvonly' });
    }
    peer.onicecandidate = (event) => {
      if (event.candidate)
        void rt({ type: 'call.ice', sessionId, candidate: event.candidate.toJSON() }).catch(() => undefined);
    };
    peer.ontrack = (event) => {
      const [stream] = event.streams;
      if (stream && remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
    };
    peer.onconnectionstatechange = () => {
      if (current === 'closed') return;
      const s = /** @type {keyof typeof STATE_TEXT} */ (peer.connectionState);
      if (s === 'new') return;
      setState(s === 'connecting' ? 'connecting' : s);
    };
    if (current === 'media') setState('connecting');
    return peer;
  }

  async function flushIce() {
    const peer = pc;
    if (!peer?.remoteDescription) return;
    for (const candidate of pendingIce.splice(0)) await peer.addIceCandidate(candidate).catch(() => undefined);
  }

  /** @param {string} sdp */
  async function answer(sdp) {
    const peer = await ensurePeer();
    await peer.setRemoteDescription({ type: 'offer', sdp });
    await flushIce();
    const desc = await peer.createAnswer();
    await peer.setLocalDescription(desc);
    await rt({ type: 'call.answer', sessionId, sdp: desc.sdp });
  }

  /** @type {Array<() => void>} */
  const offs = [
    on('call.offer', (/** @type {{ sessionId: string, sdp: string }} */ d) => {
      if (d.sessionId !== sessionId || caller) return;
      if (!started) pendingOffer = d.sdp;
      else void answer(d.sdp).catch((e) => console.warn('answer failed', e));
    }),
    on('call.answer', (/** @type {{ sessionId: string, sdp: string }} */ d) => {
      if (d.sessionId !== sessionId || !caller || !pc) return;
      void pc
        .setRemoteDescription({ type: 'answer', sdp: d.sdp })
        .then(flushIce)
        .catch((e) => console.warn('setRemoteDescription failed', e));
    }),
    on('call.ice', (/** @type {{ sessionId: string, candidate: RTCIceCandidateInit }} */ d) => {
      if (d.sessionId !== sessionId || !d.candidate) return;
      pendingIce.push(d.candidate);
      void flushIce();
    }),
    on('call.hangup', (/** @type {{ sessionId: string }} */ d) => {
      if (d.sessionId === sessionId) close();
    }),
    on('call.ended', (/** @type {{ sessionId: string }} */ d) => {
      if (d.sessionId === sessionId) close();
    }),
  ];

  function toggleMute() {
    const track = local?.getAudioTracks()[0];
    if (!track) return;
    track.enabled = !track.enabled;
    muteBtn.setAttribute('aria-pressed', String(!track.enabled));
    muteBtn.textContent = track.enabled ? 'Mute' : 'Unmute';
  }

  function toggleCam() {
    const track = local?.getVideoTracks()[0];
    if (!track || !camBtn) return;
    track.enabled = !track.enabled;
    camBtn.setAttribute('aria-pressed', String(!track.enabled));
    camBtn.textContent = track.enabled ? 'Camera off' : 'Camera on';
  }

  function hangup() {
    void rt({ type: 'call.hangup', sessionId }).catch((e) => console.warn('hangup failed', e));
    close();
    onHangup();
  }

  function close() {
    if (current === 'closed') return;
    pc?.close();
    pc = null;
    for (const track of local?.getTracks() ?? []) track.stop();
    local = null;
    setState('closed');
  }

  return {
    el,
    state: () => current,
    async start() {
      if (started) return;
      started = true;
      if (caller) {
        const peer = await ensurePeer();
        const offer = await peer.createOffer();
        await peer.setLocalDescription(offer);
        await rt({ type: 'call.offer', sessionId, sdp: offer.sdp });
      } else {
        await ensurePeer();
        if (pendingOffer) await answer(pendingOffer);
        pendingOffer = null;
      }
    },
    dispose() {
      for (const off of offs) off();
      close();
    },
  };
}
