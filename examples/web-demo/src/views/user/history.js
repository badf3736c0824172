/** The user's History tab: past consultations with what each cost. */

import { api } from '../../api.js';
import { h, mount } from '../../dom.js';
import { describeEndReason, formatDuration, formatMoney, formatTime, serviceLabel } from '../../format.js';
import { t } from '../../i18n.js';
import { asList, asSession } from '../../session.js';
import { hasInvoice, invoiceLink } from '../../tax-documents.js';

/**
 * @param {{ nameOf: (consultantId: string) => string | undefined }} deps names the consultants the directory knows
 */
export function createHistory({ nameOf }) {
  const list = h('ul', { class: 'history', 'data-testid': 'history' });
  const el = h('div', { class: 'card' }, h('h2', {}, t('history.title')), list);

  /** Loads the list again (the tab does on every visit). */
  async function update() {
    try {
      const sessions = asList(await api.consultations()).map(asSession);
      if (sessions.length === 0) mount(list, h('li', { class: 'muted' }, t('history.empty')));
      else mount(list, sessions.map(renderRow));
    } catch (e) {
      mount(list, h('li', { class: 'form-error' }, /** @type {Error} */ (e).message));
    }
  }

  /** @param {import('../../session.js').Session} s */
  function renderRow(s) {
    return h(
      'li',
      { class: 'history-row', 'data-testid': 'history-row' },
      h(
        'div',
        {},
        h(
          'p',
          {},
          h('strong', {}, nameOf(s.consultantId) ?? t('login.demoRole.consultant')),
          ` · ${serviceLabel(s.service)}`,
        ),
        h(
          'p',
          { class: 'muted small' },
          `${formatTime(s.requestedAt, true)} · ${s.status === 'ended' ? describeEndReason(s.endReason) : s.status}`,
        ),
      ),
      h(
        'div',
        { class: 'right' },
        h('p', {}, formatMoney(s.summary?.userCharged ?? 0)),
        h('p', { class: 'muted small' }, formatDuration(s.summary?.secondsBilled ?? 0)),
        hasInvoice(s) ? h('p', { class: 'small' }, invoiceLink(s.id)) : null,
      ),
    );
  }

  return { el, update };
}
