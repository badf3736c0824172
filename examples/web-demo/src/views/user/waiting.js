/** The user's second stage: the request is out, the consultant has not accepted yet. */

import { api } from '../../api.js';
import { h, toast } from '../../dom.js';
import { formatDuration, formatRate, initials, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';

/**
 * A card with the time the request has left and a Cancel button. Cancelling ends the session on the
 * server; the `consultation.ended` event that follows moves the user on, not this card.
 * @param {{ session: import('../../session.js').Session, consultantName: string }} deps
 */
export function createWaiting({ session, consultantName }) {
  const left = h('span', { 'data-testid': 'request-countdown' }, '');
  const update = () => {
    left.textContent = formatDuration((session.requestExpiresAt - Date.now()) / 1000);
  };
  update();
  const timer = setInterval(update, 1000);
  const cancel = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost',
      'data-testid': 'cancel-request',
      onclick: async () => {
        try {
          await api.consultationAction(session.id, 'cancel');
        } catch (e) {
          toast(/** @type {Error} */ (e).message, 'error');
        }
      },
    },
    t('waiting.cancel'),
  );
  const el = h(
    'div',
    { class: 'card waiting', 'data-testid': 'waiting', role: 'status' },
    h('div', { class: 'pulse', 'aria-hidden': 'true' }, initials(consultantName)),
    h('h2', {}, t('waiting.title', { name: consultantName })),
    h(
      'p',
      { class: 'muted' },
      t('waiting.note', { service: serviceLabel(session.service), rate: formatRate(session.ratePerMinute) }),
    ),
    h('p', {}, t('waiting.expiresBefore'), left, t('waiting.expiresAfter')),
    cancel,
  );
  return { el, dispose: () => clearInterval(timer) };
}
