/** Switching a live chat to a call: the consultant's offer buttons and the user's accept card. */

import { api } from './api.js';
import { h } from './dom.js';
import { formatRate, serviceLabel } from './format.js';
import { t } from './i18n.js';
import { on, rt } from './state.js';

/**
 * @typedef {import('./session.js').Session} Session
 * @typedef {'voice' | 'video'} CallService
 */

const CALLS = /** @type {const} */ (['voice', 'video']);

/** The call's name inside a sentence: "video call" in English, unchanged in Hindi. @param {CallService} service */
const callName = (service) => serviceLabel(service).toLowerCase();

/**
 * The consultant's "Offer a voice/video call" buttons, for the calls the session is not already,
 * and the sentence that says the client declined an offer.
 * @param {Session} session
 * @param {string | null} clientName the client's name, when their birth details give it
 */
export function createOfferButtons(session, clientName) {
  const note = h('p', { class: 'muted small', 'data-testid': 'offer-note', 'aria-live': 'polite' }, '');
  const buttons = CALLS.filter((service) => service !== session.service).map((service) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-sm',
        'data-testid': `offer-${service}`,
        onclick: () => void offer(service),
      },
      t('switchCall.offer', { call: callName(service) }),
    ),
  );
  const el = h('div', { class: 'service-offer', 'data-testid': 'service-offer' }, ...buttons, note);
  if (session.service === 'video') el.hidden = true;

  /** @param {CallService} service */
  async function offer(service) {
    try {
      await rt({ type: 'consultation.offerService', sessionId: session.id, serviceType: service });
      note.textContent = t('switchCall.offered', { call: callName(service) });
    } catch (error) {
      note.textContent = /** @type {Error} */ (error).message;
    }
  }

  /** The session's current service: the buttons follow each switch. */
  let current = session.service;
  const offs = [
    on('consultation.serviceChanged', (/** @type {Session} */ s) => {
      if (s.id !== session.id) return;
      current = s.service;
      note.textContent = '';
      for (const button of buttons) button.hidden = button.dataset.testid === `offer-${s.service}`;
      el.hidden = s.service === 'video';
    }),
    on('consultation.serviceDeclined', (/** @type {{ session: Session, service: CallService }} */ event) => {
      if (event.session.id !== session.id) return;
      const name = clientName ?? t('switchCall.yourClient');
      const key = current === 'chat' ? 'switchCall.declined' : 'switchCall.declinedInCall';
      note.textContent = t(key, { name, call: callName(event.service) });
    }),
  ];
  return {
    el,
    dispose() {
      for (const off of offs) off();
    },
  };
}

/**
 * The user's card for a consultant's offer: what the call costs a minute, with Accept and Not now.
 * @param {Session} session
 * @param {string} otherName
 */
export function createOfferCard(session, otherName) {
  const text = h('p', { 'data-testid': 'offer-text' }, '');
  const problem = h('p', { class: 'muted small', 'data-testid': 'offer-problem', role: 'alert' }, '');
  /** @type {CallService | null} */
  let offered = null;
  const accept = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'btn btn-primary', 'data-testid': 'accept-offer', onclick: () => void take() },
      t('switchCall.accept'),
    )
  );
  const dismiss = h(
    'button',
    { type: 'button', class: 'btn btn-ghost', 'data-testid': 'dismiss-offer', onclick: () => void decline() },
    t('switchCall.notNow'),
  );
  const el = h(
    'div',
    { class: 'card service-offer-card', 'data-testid': 'offer-card', hidden: true },
    text,
    problem,
    h('div', { class: 'service-offer-actions' }, accept, dismiss),
  );

  function hide() {
    el.hidden = true;
    offered = null;
  }

  /** @param {Session} s */
  async function show(s) {
    if (s.id !== session.id || !s.offeredService || s.offeredService === 'chat') return;
    offered = s.offeredService;
    const consultant = /** @type {any} */ (await api.consultant(s.consultantId).catch(() => null));
    const rate = consultant?.rates?.[offered] ?? consultant?.consultant?.rates?.[offered];
    const price = typeof rate === 'number' ? t('switchCall.priceAt', { rate: formatRate(rate) }) : '';
    text.textContent = t('switchCall.offerText', { name: otherName, call: callName(offered), price });
    problem.textContent = '';
    accept.disabled = false;
    el.hidden = false;
  }

  /** Tells the consultant "not now": the offer is withdrawn and they see that the client declined. */
  async function decline() {
    if (!offered) return;
    try {
      await rt({ type: 'consultation.declineService', sessionId: session.id, serviceType: offered });
      hide();
    } catch {
      problem.textContent = t('switchCall.declineFailed');
    }
  }

  async function take() {
    if (!offered) return;
    accept.disabled = true;
    try {
      await rt({ type: 'consultation.acceptService', sessionId: session.id, serviceType: offered });
      hide();
    } catch (error) {
      problem.textContent = /** @type {Error} */ (error).message;
      accept.disabled = false;
    }
  }

  const offs = [
    on('consultation.serviceOffered', (/** @type {Session} */ s) => void show(s)),
    on('consultation.serviceChanged', (/** @type {Session} */ s) => {
      if (s.id === session.id) hide();
    }),
  ];
  return {
    el,
    dispose() {
      for (const off of offs) off();
    },
  };
}
