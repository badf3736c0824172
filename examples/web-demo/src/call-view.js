/** What a call looks like: the video stage (or the voice avatar), its state, and the Mute / Camera / Hang up controls. */

import { h } from './dom.js';
import { formatDuration } from './format.js';

/** The words for each state of a call. */
export const STATE_TEXT = {
  idle: 'Waiting to connect',
  media: 'Starting camera and microphone…',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Call disconnected',
  failed: 'Call disconnected',
  closed: 'Call ended',
  denied: 'Camera or microphone blocked',
};

/** Peer states in which the call is lost while the consultation goes on. */
const LOST = new Set(['disconnected', 'failed']);

/**
 * @typedef {keyof typeof STATE_TEXT} CallState
 */

/**
 * The panel of one call. The caller (./call.js) gives it the streams and its state; the view owns the
 * controls' looks and the local tracks' switches. Once ended it shows only that the call ended and how long
 * it was connected: no dark video and no controls that look live.
 * @param {{ service: 'voice' | 'video', otherName: string, onRejoin: () => void, onHangup: () => void }} options
 */
export function createCallView({ service, otherName, onRejoin, onHangup }) {
  const video = service === 'video';
  /** @type {MediaStream | null} */
  let local = null;
  /** When the call first connected, for the time shown once it ends. @type {number | null} */
  let connectedAt = null;

  const remoteVideo = /** @type {HTMLVideoElement} */ (
    h('video', {
      class: 'remote-video',
      autoplay: true,
      playsinline: true,
      'data-testid': 'remote-video',
      'aria-label': video ? `${otherName}'s video` : `${otherName}'s voice`,
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
  const lost = h(
    'div',
    { class: 'call-lost', 'data-testid': 'call-lost', hidden: true },
    h('p', {}, 'The call dropped; the consultation is still open. Rejoin the call, or end the consultation.'),
    h(
      'button',
      { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'call-rejoin', onclick: onRejoin },
      'Rejoin call',
    ),
  );
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
    { type: 'button', class: 'btn btn-danger btn-round', 'data-testid': 'call-hangup', onclick: onHangup },
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
  const controls = h('div', { class: 'call-controls' }, muteBtn, camBtn, hangBtn);
  const el = h(
    'section',
    {
      class: `call ${video ? 'call-video' : 'call-audio'}`,
      'aria-label': `${video ? 'Video' : 'Voice'} call`,
      'data-testid': 'call',
    },
    stage,
    status,
    lost,
    controls,
  );

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

  return {
    el,
    /** @param {CallState} s */
    setState(s) {
      if (s === 'connected') connectedAt ??= Date.now();
      el.dataset.state = s;
      lost.hidden = !LOST.has(s);
      if (s !== 'closed') {
        status.textContent = STATE_TEXT[s] ?? s;
        return;
      }
      // Ended: the stage and its controls go; what remains says so.
      remoteVideo.srcObject = null;
      localVideo.srcObject = null;
      stage.remove();
      controls.remove();
      el.classList.add('call-over');
      status.textContent =
        connectedAt === null
          ? `${video ? 'Video' : 'Voice'} call ended`
          : `${video ? 'Video' : 'Voice'} call ended after ${formatDuration((Date.now() - connectedAt) / 1000)}`;
    },
    /**
     * This side's camera and microphone, for the controls and the picture-in-picture.
     * @param {MediaStream | null} stream
     */
    setLocal(stream) {
      local = stream;
      if (video) localVideo.srcObject = stream;
    },
    /**
     * The other side's stream, once its first track arrives.
     * @param {MediaStream} remote
     */
    setRemote(remote) {
      if (remoteVideo.srcObject !== remote) remoteVideo.srcObject = remote;
    },
  };
}
