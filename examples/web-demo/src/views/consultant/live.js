/** The consultant's live stage: the session panel, with what this session has earned so far and the client's details. */

import { h } from '../../dom.js';
import { formatMoney, formatRate } from '../../format.js';
import { t } from '../../i18n.js';
import { createOfferButtons } from '../../service-switch.js';
import { createSessionPanel } from '../../session.js';
import { on } from '../../state.js';
import { renderBirthDetails } from './birth-details.js';

/**
 * @typedef {import('../../session.js').Session} Session
 * @typedef {import('../../session.js').Summary} Summary
 */

/**
 * @param {{ session: Session, conversation: { id: string, birthDetails: import('./birth-details.js').BirthDetails | null },
 *   onEnd: (session: Session, summary: Summary) => void }} deps
 */
export function createLive({ session, conversation, onEnd }) {
  const earned = h(
    'span',
    { class: 'meter-value', 'data-testid': 'session-earned', 'aria-live': 'polite' },
    formatMoney(session.summary.consultantShare),
  );
  const rate = h('span', { class: 'meter-value', 'data-testid': 'session-rate' }, formatRate(session.ratePerMinute));
  const offers = createOfferButtons(session, conversation.birthDetails?.name ?? null);
  const meter = h(
    'div',
    { class: 'meter' },
    h('div', { class: 'meter-item' }, h('span', { class: 'meter-label' }, t('consultant.earnedSession')), earned),
    h('div', { class: 'meter-item' }, h('span', { class: 'meter-label' }, t('summary.rate')), rate),
    offers.el,
    conversation.birthDetails
      ? h(
          'details',
          { class: 'charges' },
          h('summary', {}, t('request.birthDetails')),
          renderBirthDetails(conversation.birthDetails),
        )
      : null,
  );
  const panel = createSessionPanel({
    session,
    conversationId: conversation.id,
    otherName: conversation.birthDetails?.name ?? t('consultant.client'),
    caller: false,
    // The offer to switch to a call sits under the figures, across the panel.
    meter: h('div', {}, meter, offers.el),
    onEnd,
  });
  if (session.status === 'active') panel.startCall();
  const offRate = on('consultation.serviceChanged', (/** @type {Session} */ s) => {
    if (s.id === session.id) rate.textContent = formatRate(s.ratePerMinute);
  });

  return {
    el: panel.el,
    /**
     * Shows what the session has earned after a charged interval.
     * @param {Session} s
     */
    update(s) {
      earned.textContent = formatMoney(s.summary.consultantShare);
      rate.textContent = formatRate(s.ratePerMinute);
    },
    dispose: () => {
      offRate();
      offers.dispose();
      panel.dispose();
    },
  };
}
