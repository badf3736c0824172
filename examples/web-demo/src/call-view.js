/** What a call looks like: the video stage (or the voice avatar), its state, and the Mute / Camera / Hang up controls. */

import { h } from './dom.js';
import { formatDuration } from './format.js';
import { t } from './i18n.js';

/** The states of a call, each with its words in the locales (`call.state.<state>`). */
const STATES = /** @type {const} */ ([
  'idle',
  'media',
  'connecting',
  'connected',
  'disconnected',
  'failed',
  'closed',
  'denied',
]);

/** The words for a call's state in the page's language. @param {string} s */
const stateText = (s) => (STATES.includes(/** @type {any} */ (s)) ? t(`call.state.${s}`) : s);

/** Peer states in which the call is lost while the consultation goes on. */
const LOST = new Set(['disconnected', 'failed']);

/**
 * @typedef {typeof STATES[number]} CallState
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
      'aria-label': video ? t('call.theirVideo', { name: otherName }) : t('call.theirVoice', { name: otherName }),
    })
  );
  const localVideo = /** @type {HTMLVideoElement} */ (
    h('video', {
      class: 'local-video',
      autoplay: true,
      playsinline: true,
      muted: true,
      'data-testid': 'local-video',
      'aria-label': t('call.yourCamera'),
    })
  );
  localVideo.muted = true;
  const status = h(
    'p',
    { class: 'call-status', 'data-testid': 'call-state', 'aria-live': 'polite' },
    stateText('idle'),
  );
  const lostText = h('p', { 'data-testid': 'call-lost-text' }, t('call.dropped'));
  const lost = h(
    'div',
    { class: 'call-lost', 'data-testid': 'call-lost', hidden: true },
    lostText,
    h(
      'button',
      { type: 'button', class: 'btn btn-primary btn-sm', 'data-testid': 'call-rejoin', onclick: onRejoin },
      t('call.rejoin'),
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
    t('call.mute'),
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
        t('call.cameraOff'),
      )
    : null;
  const hangBtn = h(
    'button',
    { type: 'button', class: 'btn btn-danger btn-round', 'data-testid': 'call-hangup', onclick: onHangup },
    t('call.hangUp'),
  );
  const stage = video
    ? h('div', { class: 'call-stage' }, remoteVideo, localVideo)
    : h(
        'div',
        { class: 'call-stage call-voice' },
        h('div', { class: 'voice-avatar', 'aria-hidden': 'true' }, '☊'),
        h('p', {}, t('call.voiceWith', { name: otherName })),
        remoteVideo,
      );
  const controls = h('div', { class: 'call-controls' }, muteBtn, camBtn, hangBtn);
  const el = h(
    'section',
    {
      class: `call ${video ? 'call-video' : 'call-audio'}`,
      'aria-label': t(video ? 'service.video' : 'service.voice'),
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
    muteBtn.textContent = track.enabled ? t('call.mute') : t('call.unmute');
  }

  function toggleCam() {
    const track = local?.getVideoTracks()[0];
    if (!track || !camBtn) return;
    track.enabled = !track.enabled;
    camBtn.setAttribute('aria-pressed', String(!track.enabled));
    camBtn.textContent = track.enabled ? t('call.cameraOff') : t('call.cameraOn');
  }

  return {
    el,
    /** @param {CallState} s */
    setState(s) {
      if (s === 'connected') connectedAt ??= Date.now();
      el.dataset.state = s;
      lost.hidden = !LOST.has(s);
      // A call that never connected did not drop: no route to the other side was found (a network that blocks calls).
      const unreachable = LOST.has(s) && connectedAt === null;
      el.dataset.unreachable = String(unreachable);
      lostText.textContent = t(unreachable ? 'call.unreachable' : 'call.dropped');
      if (s !== 'closed') {
        status.textContent = unreachable ? t('call.state.unreachable') : stateText(s);
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
          ? t('call.ended', { call: t(video ? 'service.video' : 'service.voice') })
          : t('call.endedAfter', {
              call: t(video ? 'service.video' : 'service.voice'),
              time: formatDuration((Date.now() - connectedAt) / 1000),
            });
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
