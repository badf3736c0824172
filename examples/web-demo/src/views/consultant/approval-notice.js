/** Where a consultant stands with the platform: awaiting approval, not approved, suspended — or nothing once approved. */

import { h } from '../../dom.js';

/**
 * @typedef {{ status: 'pending' | 'approved' | 'rejected' | 'suspended', statusReason: string | null }} Standing
 */

/** @param {string | null} reason */
const because = (reason) => (reason ? ` The reviewer wrote: “${reason}”` : '');

/**
 * What each status tells the consultant, with what to do next.
 * @param {Standing} standing
 */
function textOf({ status, statusReason }) {
  if (status === 'pending')
    return 'An admin reviews every new consultant before they appear in the directory. Complete your profile and rates below meanwhile; you can take paid consultations once you are approved.';
  if (status === 'rejected')
    return `Your profile was not approved.${because(statusReason)} Update your profile below, then contact support to be reviewed again.`;
  if (status === 'suspended')
    return `Your account is suspended: users cannot find or request you.${because(statusReason)} Contact support to be reinstated.`;
  return '';
}

export function createApprovalNotice() {
  const title = h('h2', {}, 'Awaiting approval');
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
          ? 'Awaiting approval'
          : standing.status === 'rejected'
            ? 'Not approved'
            : 'Suspended';
      text.dataset.state = standing.status === 'pending' ? 'pending' : 'failed';
      text.textContent = textOf(standing);
    },
  };
}
