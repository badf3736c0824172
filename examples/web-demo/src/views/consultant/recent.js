/** The consultant's recent consultations: the last few that ended, with what each earned. */

import { h, mount } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';

/** How many ended consultations the list shows. */
const SHOWN = 8;

/**
 * @typedef {{ sessionIds?: string[], birthDetails?: { name?: string } | null }} Conversation
 */

/**
 * The client's name for each session, from the birth details of the conversation it was held in.
 * @param {Array<{ conversation: Conversation }>} items the host's conversation list
 * @returns {Map<string, string>}
 */
export function clientNames(items) {
  /** @type {Map<string, string>} */
  const names = new Map();
  for (const { conversation } of items) {
    const name = conversation?.birthDetails?.name;
    if (name) for (const id of conversation.sessionIds ?? []) names.set(id, name);
  }
  return names;
}

export function createRecent() {
  const list = h('ul', { class: 'history', 'data-testid': 'recent' });
  const el = h('section', { class: 'card' }, h('h2', {}, t('consultant.recent')), list);
  return {
    el,
    /**
     * Shows the ended ones of the consultant's consultations (newest first), each with its client's name.
     * @param {import('../../session.js').Session[]} sessions
     * @param {Map<string, string>} names client names by session id (see {@link clientNames})
     */
    update(sessions, names) {
      const done = sessions.filter((s) => s.status === 'ended').slice(0, SHOWN);
      if (done.length === 0) {
        mount(list, h('li', { class: 'muted' }, t('history.empty')));
        return;
      }
      mount(
        list,
        done.map((s) =>
          h(
            'li',
            { class: 'history-row', 'data-testid': 'recent-row', dataset: { id: s.id } },
            h(
              'div',
              {},
              h(
                'p',
                { 'data-testid': 'recent-client' },
                `${names.get(s.id) ?? t('consultant.aClient')} · ${serviceLabel(s.service)}`,
              ),
              h(
                'p',
                { class: 'muted small' },
                `${formatTime(s.requestedAt, true)} · ${describeEndReason(s.endReason)}`,
              ),
            ),
            h(
              'div',
              { class: 'right' },
              h('p', {}, formatMoney(s.summary?.consultantShare ?? 0)),
              h('p', { class: 'muted small' }, formatDuration(s.summary?.secondsBilled ?? 0)),
            ),
          ),
        ),
      );
    },
    /**
     * Shows why the list could not be read.
     * @param {Error} error
     */
    fail(error) {
      mount(list, h('li', { class: 'form-error' }, error.message));
    },
  };
}
