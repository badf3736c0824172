/** The user's last stage: what the consultation cost, a rating, and the chat beside it to read back. */

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { createSummaryStage } from '../../session.js';
import { hasInvoice, invoiceLink } from '../../tax-documents.js';
import { createRatingForm } from './rating.js';

/**
 * Takes over the finished session's panel: it stays on screen until the user goes back.
 * @param {{ session: import('../../session.js').Session, summary: import('../../session.js').Summary,
 *   consultantName: string | undefined, panel: { el: HTMLElement, dispose: () => void } | null,
 *   onBack: () => void }} deps
 */
export function createSummary({ session, summary, consultantName, panel, onBack }) {
  return createSummaryStage({
    session,
    summary,
    side: 'user',
    panel,
    actions: [
      hasInvoice({ ...session, status: 'ended', summary }) ? invoiceLink(session.id) : null,
      createRatingForm({ sessionId: session.id, consultantName }),
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost', 'data-testid': 'back-to-list', onclick: onBack },
        t('summary.back'),
      ),
    ],
  });
}
