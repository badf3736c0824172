/** The live consultation panel shared by both sides: header, timer, chat, call and the end button. */

import { createCall } from './call.js';
import { createChat } from './chat.js';
import { h } from './dom.js';
import { describeEndReason, formatDuration, formatMoney, formatRate, serviceLabel } from './format.js';
import { t } from './i18n.js';
import { createOfferCard } from './service-switch.js';
import { on, rt } from './state.js';

/**
 * @typedef {{ secondsBilled: number, totalCharged: number, userCharged: number, promoCharged: number,
 *   consultantShare: number, commission: number, freeSeconds: number, intervals: number }} Summary
 * @typedef {{ id: string, userId: string, consultantId: string, service: 'chat' | 'voice' | 'video',
 *   status: 'requested' | 'active' | 'paused' | 'ended', endReason: string | null, ratePerMinute: number,
 *   commissionBps: number, freeSeconds: number, requestedAt: number, requestExpiresAt: number,
 *   acceptedAt: number | null, endedAt: number | null, summary: Summary }} Session
 * @typedef {{ session: Session, interval: number, seconds: number, userCharged: number, promoCharged: number }} Tick
 */

/**
 * A list from a REST answer that may be an array or an object wrapping one.
 * @param {unknown} value
 * @returns {any[]}
 */
export function asList(value) {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    for (const key of ['items', 'sessions', 'entries', 'consultations', 'conversations', 'consultants', 'data']) {
      const v = /** @type {Record<string, unknown>} */ (value)[key];
      if (Array.isArray(v)) return v;
    }
  }
  return [];
}

/**
 * A session from a REST answer: the session itself or `{ session, invoice }`.
 * @param {any} value
 * @returns {Session}
 */
export function asSession(value) {
  return value?.session && typeof value.session === 'object' ? value.session : value;
}

/**
 * @param {{ session: Session, conversationId: string, otherName: string, caller: boolean,
 *   meter: HTMLElement, onEnd: (session: Session, summary: Summary) => void }} options
 */
export function createSessionPanel({ session, conversationId, otherName, caller, meter, onEnd }) {
  let current = session;
  let ended = false;
  const chat = createChat({ conversationId, otherName });
  /** @param {'voice' | 'video'} service */
  const callFor = (service) =>
    createCall({ sessionId: session.id, service, caller, otherName, onHangup: () => undefined });
  let call = session.service === 'chat' ? null : callFor(session.service);
  // The user answers a consultant's offer to switch to a call here; the consultant offers from the meter.
  const offerCard = caller ? createOfferCard(session, otherName) : null;
  const subtitle = h(
    'p',
    { class: 'muted small' },
    `${serviceLabel(session.service)} · ${formatRate(session.ratePerMinute)}`,
  );
  const body = h('div', { class: `session-body ${call ? 'with-call' : ''}` }, call?.el, chat.el);
  const status = h('span', { class: 'pill pill-live', 'data-testid': 'session-status' }, t('session.live'));
  const elapsed = h('span', { class: 'elapsed', 'data-testid': 'elapsed', 'aria-label': t('session.elapsed') }, '0:00');
  const endBtn = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-danger', 'data-testid': 'end-session', onclick: endSession },
      t('session.end'),
    )
  );
  const el = h(
    'section',
    {
      class: 'session card',
      'data-testid': 'session',
      'aria-label': t('session.with', { service: serviceLabel(session.service), name: otherName }),
    },
    h(
      'header',
      { class: 'session-head' },
      h('div', {}, h('h2', { class: 'session-title' }, otherName), subtitle),
      h('div', { class: 'session-head-right' }, status, elapsed, endBtn),
    ),
    meter,
    offerCard?.el,
    body,
  );

  // Counted from the seconds billed so far, so a page that comes back to a running session picks up its time.
  const startedAt = Date.now() - session.summary.secondsBilled * 1000;
  update(session);
  const timer = setInterval(() => {
    if (current.status === 'active') elapsed.textContent = formatDuration((Date.now() - startedAt) / 1000);
  }, 500);

  /** @type {Array<() => void>} */
  const offs = [
    on('consultation.started', (/** @type {Session} */ s) => {
      if (s.id === session.id) update(s);
    }),
    on('consultation.paused', (/** @type {Session} */ s) => {
      if (s.id === session.id) update(s);
    }),
    on('consultation.resumed', (/** @type {Session} */ s) => {
      if (s.id === session.id) update(s);
    }),
    on('consultation.tick', (/** @type {Tick} */ t) => {
      if (t.session.id === session.id) update(t.session);
    }),
    on('consultation.serviceChanged', (/** @type {Session} */ s) => {
      if (s.id !== session.id || s.service === 'chat' || ended) return;
      subtitle.textContent = `${serviceLabel(s.service)} · ${formatRate(s.ratePerMinute)}`;
      el.setAttribute('aria-label', `${serviceLabel(s.service)} with ${otherName}`);
      // The call panel mounts beside the chat, which goes on; a call already running carries on.
      if (!call) {
        call = callFor(s.service);
        body.prepend(call.el);
        body.classList.add('with-call');
        if (s.status === 'active' || s.status === 'paused') void call.start();
      }
      update(s);
    }),
    on('consultation.ended', (/** @type {{ session: Session, summary: Summary }} */ e) => {
      if (e.session.id === session.id) finish(e.session, e.summary);
    }),
  ];

  /** @param {Session} s */
  function update(s) {
    current = s;
    status.textContent = s.status === 'paused' ? t('session.paused') : t('session.live');
    status.className = `pill ${s.status === 'paused' ? 'pill-warn' : 'pill-live'}`;
  }

  /**
   * @param {Session} s
   * @param {Summary} summary
   */
  function finish(s, summary) {
    if (ended) return;
    ended = true;
    current = s;
    clearInterval(timer);
    status.textContent = t('session.ended');
    status.className = 'pill';
    endBtn.disabled = true;
    el.classList.add('session-ended');
    chat.setEnabled(false);
    call?.dispose();
    onEnd(s, summary ?? s.summary);
  }

  async function endSession() {
    endBtn.disabled = true;
    try {
      await rt({ type: 'consultation.end', sessionId: session.id });
    } catch (error) {
      endBtn.disabled = false;
      console.warn('end failed', error);
    }
  }

  if (call && (session.status === 'active' || session.status === 'paused')) void call.start();

  return {
    el,
    get session() {
      return current;
    },
    startCall() {
      void call?.start();
    },
    dispose() {
      clearInterval(timer);
      for (const off of offs) off();
      chat.dispose();
      call?.dispose();
      offerCard?.dispose();
    },
  };
}

/**
 * The stage after a session: the summary card, and beside it the finished session's panel to read
 * back (its chat, now read-only) until the stage is disposed.
 * @param {{ session: Session, summary: Summary, side: 'user' | 'consultant',
 *   panel: { el: HTMLElement, dispose: () => void } | null, actions: HTMLElement[] }} options
 *   `actions` go below the figures: what the side does next
 */
export function createSummaryStage({ session, summary, side, panel, actions }) {
  const card = h(
    'div',
    { class: 'card ended', 'data-testid': 'ended' },
    h('h2', {}, t('summary.title')),
    renderSummary(session, summary, side),
    actions,
  );
  return {
    el: h('div', { class: 'ended-layout' }, card, panel?.el),
    dispose: () => panel?.dispose(),
  };
}

/**
 * The summary card after a session, with the reason it ended.
 * @param {Session} session
 * @param {Summary} summary
 * @param {'user' | 'consultant'} side
 */
function renderSummary(session, summary, side) {
  const rows = [
    [t('summary.billed'), formatDuration(summary.secondsBilled), 'summary-seconds'],
    [t('summary.rate'), formatRate(session.ratePerMinute), 'summary-rate'],
    [t('summary.total'), formatMoney(summary.totalCharged), 'summary-total'],
    side === 'user'
      ? [t('summary.fromWallet'), formatMoney(summary.userCharged), 'summary-user-charged']
      : [t('summary.earnings'), formatMoney(summary.consultantShare), 'summary-share'],
    side === 'user'
      ? [
          t('summary.free'),
          summary.freeSeconds > 0
            ? t('summary.freeValue', {
                time: formatDuration(summary.freeSeconds),
                money: formatMoney(summary.promoCharged),
              })
            : t('summary.none'),
          'summary-free',
        ]
      : [t('summary.commission'), formatMoney(summary.commission), 'summary-commission'],
  ];
  return h(
    'div',
    { class: 'summary', 'data-testid': 'summary' },
    h(
      'p',
      { class: 'summary-reason', 'data-testid': 'summary-reason', dataset: { reason: session.endReason ?? '' } },
      describeEndReason(session.endReason),
    ),
    h(
      'dl',
      { class: 'summary-grid' },
      rows.map(([k, v, id]) => h('div', { class: 'summary-row' }, h('dt', {}, k), h('dd', { 'data-testid': id }, v))),
    ),
  );
}
