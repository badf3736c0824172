/** The consultant's incoming requests: each with a countdown, its birth details as they arrive, and an answer. */

import { api } from '../../api.js';
import { h, toast } from '../../dom.js';
import { describeEndReason } from '../../format.js';
import { t } from '../../i18n.js';
import { asSession } from '../../session.js';
import { rt } from '../../state.js';
import { createRequestItem } from './request-item.js';

/**
 * @typedef {import('../../session.js').Session} Session
 * @typedef {{ session: Session, item: ReturnType<typeof createRequestItem>, updated: boolean }} Pending
 *   `updated`: a `conversation.updated` event filled in the birth details, newer than any read still on its way
 */

/**
 * @param {{ onAccepted: (session: Session) => Promise<void> }} deps
 */
export function createRequests({ onAccepted }) {
  /** Pending requests by session id. @type {Map<string, Pending>} */
  const pending = new Map();
  const list = h('ul', {
    class: 'requests',
    'data-testid': 'requests',
    'aria-live': 'polite',
    'aria-label': t('consultant.incoming'),
  });
  const empty = h('p', { class: 'muted', 'data-testid': 'requests-empty' }, t('consultant.noRequests'));
  const el = h('section', { class: 'card' }, h('h2', {}, t('consultant.incoming')), empty, list);

  /**
   * Lists a request (once), newest first, and reads the birth details its user attached.
   * @param {Session} s
   */
  async function add(s) {
    if (pending.has(s.id) || s.status !== 'requested') return;
    const request = {
      session: s,
      item: createRequestItem({ session: s, onAnswer: (a) => answer(s, a) }),
      updated: false,
    };
    pending.set(s.id, request);
    list.prepend(request.item.el);
    empty.hidden = true;
    try {
      const conversation = /** @type {any} */ (await rt({ type: 'conversation.open', userId: s.userId }));
      if (!request.updated) request.item.update(conversation.birthDetails);
    } catch {
      request.item.update('unavailable');
    }
  }

  /** @param {string} id */
  function remove(id) {
    const request = pending.get(id);
    if (!request) return;
    request.item.dispose();
    pending.delete(id);
    empty.hidden = pending.size > 0;
  }

  /**
   * @param {Session} s
   * @param {'accept' | 'reject'} action
   */
  async function answer(s, action) {
    try {
      const result = asSession(await api.consultationAction(s.id, action));
      remove(s.id);
      if (action === 'accept') await onAccepted(result?.id ? result : s);
    } catch (e) {
      toast(/** @type {Error} */ (e).message, 'error');
      remove(s.id);
    }
  }

  return {
    el,
    add,
    /**
     * The user attaches their birth details right after requesting: shows them as they arrive.
     * @param {{ userId: string, birthDetails: import('./birth-details.js').BirthDetails | null }} conversation
     */
    update(conversation) {
      for (const request of pending.values()) {
        if (request.session.userId !== conversation.userId) continue;
        request.updated = true;
        request.item.update(conversation.birthDetails);
      }
    },
    /**
     * A request that ended unanswered (expired, or cancelled by the user) leaves the list with a notice.
     * @param {Session} s
     */
    ended(s) {
      if (!pending.has(s.id)) return;
      remove(s.id);
      toast(describeEndReason(s.endReason));
    },
    dispose() {
      for (const request of pending.values()) request.item.dispose();
    },
  };
}
