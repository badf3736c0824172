/** Where a consultant stands with the platform: awaiting approval, not approved, suspended — or nothing once approved. */

import { h } from '../../dom.js';
import { t } from '../../i18n.js';

/**
 * @typedef {{ status: 'pending' | 'approved' | 'rejected' | 'suspended', statusReason: string | null }} Standing
 */

/** @param {string | null} reason */
const because = (reason) => (reason ? ` ${t('approval.reviewerWrote', { reason })}` : '');

/**
 * What each status tells the consultant, with what to do next.
 * @param {Standing} standing
 */
function textOf({ status, statusReason }) {
  if (status === 'pending') return t('approval.pendingText');
  if (status === 'rejected')
    return `${t('approval.rejectedText')}${because(statusReason)} ${t('approval.rejectedNext')}`;
  if (status === 'suspended')
    return `${t('approval.suspendedText')}${because(statusReason)} ${t('approval.suspendedNext')}`;
  return '';
}

export function createApprovalNotice() {
  const title = h('h2', {}, t('approval.pending'));
  const text = h('p', { class: 'notice', 'data-testid': 'approval-text' });
  const el = h(
    'section',
    { class: 'card approval-notice', 'data-testid': 'approval-notice', hidden: true },
    title,
    text,
  );
  return {
    el,
    /** @param {Standing} standing */
    show(standing) {
      el.hidden = standing.status === 'approved';
      el.dataset.status = standing.status;
      title.textContent =
        standing.status === 'pending'
          ? t('approval.pending')
          : standing.status === 'rejected'
            ? t('approval.rejected')
            : t('approval.suspended');
      text.dataset.state = standing.status === 'pending' ? 'pending' : 'failed';
      text.textContent = textOf(standing);
    },
  };
}
