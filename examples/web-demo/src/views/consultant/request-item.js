/** One incoming request: service, rate, the time left to answer, the client's birth details, Accept and Decline. */

import { h, mount } from '../../dom.js';
import { formatDuration, formatRate, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { renderBirthDetails } from './birth-details.js';

/** Seconds left under which the countdown turns red. */
const HURRY_SECONDS = 15;

/**
 * @param {{ session: import('../../session.js').Session, onAnswer: (action: 'accept' | 'reject') => void }} deps
 */
export function createRequestItem({ session: s, onAnswer }) {
  const countdown = h('span', { class: 'countdown', 'data-testid': 'request-countdown' });
  const details = h(
    'div',
    { class: 'birth-details', 'data-testid': 'birth-details' },
    h('p', { class: 'muted small' }, t('consultant.loadingBirth')),
  );
  const accept = h(
    'button',
    { type: 'button', class: 'btn btn-primary', 'data-testid': 'accept', onclick: () => answer('accept') },
    t('waitlist.accept'),
  );
  const reject = h(
    'button',
    { type: 'button', class: 'btn btn-ghost', 'data-testid': 'reject', onclick: () => answer('reject') },
    t('consultant.decline'),
  );
  const el = h(
    'li',
    { class: 'request', 'data-testid': 'request', dataset: { session: s.id, service: s.service } },
    h(
      'div',
      { class: 'request-head' },
      h('span', { class: `pill pill-${s.service}` }, serviceLabel(s.service)),
      h('span', { class: 'muted small' }, formatRate(s.ratePerMinute)),
      h('span', { class: 'spacer' }),
      h('span', { class: 'small' }, t('consultant.expiresBefore'), countdown, t('consultant.expiresAfter')),
    ),
    details,
    h('div', { class: 'actions' }, reject, accept),
  );

  /** @param {'accept' | 'reject'} action */
  function answer(action) {
    // One answer per request: both buttons stay disabled while it is sent.
    for (const b of el.querySelectorAll('button')) b.disabled = true;
    onAnswer(action);
  }

  const tick = () => {
    const left = (s.requestExpiresAt - Date.now()) / 1000;
    countdown.textContent = formatDuration(left);
    countdown.classList.toggle('warn', left < HURRY_SECONDS);
  };
  tick();
  const timer = setInterval(tick, 1000);

  return {
    el,
    /**
     * Shows the birth details (or the reason there are none).
     * @param {import('./birth-details.js').BirthDetails | null | 'unavailable'} birthDetails
     */
    update(birthDetails) {
      mount(
        details,
        birthDetails === 'unavailable'
          ? h('p', { class: 'muted small' }, t('consultant.birthUnavailable'))
          : renderBirthDetails(birthDetails),
      );
    },
    dispose() {
      clearInterval(timer);
      el.remove();
    },
  };
}
