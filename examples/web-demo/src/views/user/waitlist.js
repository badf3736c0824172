/**
 * The user's stage while waiting for a busy consultant: their place in line and an estimated wait,
 * then the slot offered to them with a live countdown, to take (the request goes to the consultant)
 * or pass (it goes to the next in line), and, when the offer lapses unanswered, a way to join again.
 */

import { h, mount } from '../../dom.js';
import { formatDuration, initials, serviceLabel } from '../../format.js';
import { currentLanguage, t } from '../../i18n.js';

/**
 * @typedef {{ consultantId: string, service: 'chat' | 'voice' | 'video', position: number, length: number,
 *   estimatedWaitSeconds: number }} Position
 * @typedef {{ waiting: Position | null, offer: import('../../session.js').Session | null }} WaitlistView
 *   where the user stands; neither (both null) once their offer lapsed
 */

/**
 * "about 12 minutes", "under a minute".
 * @param {number} seconds
 */
function describeWait(seconds) {
  if (seconds < 60) return t('waitlist.anyMoment');
  return t('waitlist.aboutMinutes', { count: Math.round(seconds / 60) });
}

/**
 * "1st", "2nd", "3rd", "11th" in English; Hindi says the place as a number ("आपका नंबर 2 है").
 * @param {number} n
 */
function ordinal(n) {
  if (currentLanguage() !== 'en') return String(n);
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * @param {{ consultantName: string, view: WaitlistView, onLeave: () => Promise<void>,
 *   onTake: (offerId: string) => Promise<void>, onPass: (offerId: string) => Promise<void>,
 *   onJoinAgain: () => Promise<void>, onBack: () => Promise<void> }} deps
 *   each action's promise rejects with a message for the person when it fails
 */
export function createWaitlistStage({ consultantName, view, onLeave, onTake, onPass, onJoinAgain, onBack }) {
  const el = h('div', { class: 'card waitlist', 'data-testid': 'waitlist', role: 'status' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;

  /**
   * A button that runs `action` once at a time and shows its failure under the card.
   * @param {string} label @param {string} testid @param {string} cls @param {() => Promise<void>} action
   */
  const button = (label, testid, cls, action) => {
    const b = /** @type {HTMLButtonElement} */ (
      h(
        'button',
        {
          type: 'button',
          class: `btn ${cls}`,
          'data-testid': testid,
          onclick: async () => {
            b.disabled = true;
            error.hidden = true;
            try {
              await action();
            } catch (e) {
              error.textContent = /** @type {Error} */ (e).message;
              error.hidden = false;
            } finally {
              b.disabled = false;
            }
          },
        },
        label,
      )
    );
    return b;
  };

  /** @param {Position} waiting */
  function renderWaiting(waiting) {
    mount(
      el,
      h('div', { class: 'pulse', 'aria-hidden': 'true' }, initials(consultantName)),
      h('h2', {}, t('waitlist.place', { place: ordinal(waiting.position), name: consultantName })),
      h(
        'p',
        { class: 'waitlist-estimate', 'data-testid': 'waitlist-estimate' },
        t('waitlist.estimated'),
        h('strong', {}, describeWait(waiting.estimatedWaitSeconds)),
      ),
      h('p', { class: 'muted small' }, t('waitlist.estimateNote', { name: consultantName })),
      h(
        'p',
        { class: 'muted small', 'data-testid': 'waitlist-position', dataset: { position: String(waiting.position) } },
        `${serviceLabel(waiting.service)} · ${t('waitlist.people', { count: waiting.length })}`,
      ),
      error,
      button(t('waitlist.leave'), 'leave-waitlist', 'btn-ghost', onLeave),
    );
  }

  /** @param {import('../../session.js').Session} offer */
  function renderOffer(offer) {
    const left = h('strong', { 'data-testid': 'offer-countdown', role: 'timer' }, '');
    const tick = () => {
      left.textContent = formatDuration((offer.requestExpiresAt - Date.now()) / 1000);
    };
    tick();
    timer = setInterval(tick, 1000);
    mount(
      el,
      h('div', { class: 'pulse offer-pulse', 'aria-hidden': 'true' }, initials(consultantName)),
      h('h2', {}, t('waitlist.freeNow', { name: consultantName })),
      h(
        'p',
        {},
        t('waitlist.slotBefore'),
        left,
        t('waitlist.slotAfter', { service: serviceLabel(offer.service).toLowerCase(), name: consultantName }),
      ),
      h('p', { class: 'muted small' }, t('waitlist.offerNote')),
      error,
      h(
        'div',
        { class: 'actions' },
        button(t('waitlist.pass'), 'pass-offer', 'btn-ghost', () => onPass(offer.id)),
        button(t('waitlist.accept'), 'accept-offer', 'btn-primary', () => onTake(offer.id)),
      ),
    );
    el.dataset.offer = offer.id;
  }

  /** The offer lapsed unanswered: say so where the countdown was (a toast could go unseen), and offer the way back in line. */
  function renderLapsed() {
    mount(
      el,
      h('div', { class: 'pulse lapsed-pulse', 'aria-hidden': 'true' }, initials(consultantName)),
      h('h2', {}, t('waitlist.lapsedTitle')),
      h('p', { 'data-testid': 'offer-lapsed' }, t('waitlist.expired', { name: consultantName })),
      error,
      h(
        'div',
        { class: 'actions' },
        button(t('waitlist.back'), 'lapsed-back', 'btn-ghost', onBack),
        button(t('waitlist.joinAgain'), 'join-again', 'btn-primary', onJoinAgain),
      ),
    );
  }

  /** @param {WaitlistView} next */
  function update(next) {
    clearInterval(timer);
    delete el.dataset.offer;
    if (next.offer) renderOffer(next.offer);
    else if (next.waiting) renderWaiting(next.waiting);
    else renderLapsed();
  }

  update(view);
  return { el, update, dispose: () => clearInterval(timer) };
}
