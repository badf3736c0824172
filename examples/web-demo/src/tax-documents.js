/** Links that download a consultation's tax invoice and its credit notes as PDFs. */

import { ApiError } from './api.js';
import { h, toast } from './dom.js';
import { t } from './i18n.js';
import { getToken } from './state.js';

/**
 * Fetches a PDF with the bearer token (a plain link would not carry it) and
 * saves it under the server's file name, or `filename`.
 * @param {string} path
 * @param {string} filename
 */
async function downloadPdf(path, filename) {
  const token = getToken();
  let response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError('NETWORK', 'fetch failed', 0);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(body?.error?.code ?? `HTTP_${response.status}`, '', response.status);
  }
  // The server names the file after the document's number.
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const anchor = h('a', { href: url, download: named ?? filename, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the object URL; release it once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** @param {unknown} error */
function messageOf(error) {
  const code = error instanceof ApiError ? error.code : '';
  if (code === 'NETWORK') return /** @type {Error} */ (error).message;
  if (code === 'INVOICE_NOT_FOUND') return t('documents.noInvoice');
  if (code === 'UNAUTHENTICATED') return t('documents.signInAgain');
  return t('documents.failed');
}

/**
 * A link that downloads a PDF from `path`; it reads as `label`.
 * @param {string} path
 * @param {string} filename
 * @param {string} label
 * @param {string} testid
 */
function pdfLink(path, filename, label, testid) {
  return h(
    'a',
    {
      href: path,
      class: 'document-link',
      'data-testid': testid,
      onclick: async (/** @type {MouseEvent} */ event) => {
        event.preventDefault();
        try {
          await downloadPdf(path, filename);
        } catch (error) {
          toast(messageOf(error), 'error');
        }
      },
    },
    label,
  );
}

/**
 * "Download invoice (PDF)" for a finished, charged consultation.
 * @param {string} sessionId
 */
export function invoiceLink(sessionId) {
  const path = `/api/consultations/${encodeURIComponent(sessionId)}/invoice.pdf`;
  return pdfLink(path, 'invoice.pdf', t('documents.invoice'), 'invoice-download');
}

/**
 * "Credit note CN/26-27/000001 (PDF)" for a refund.
 * @param {string} number
 */
export function creditNoteLink(number) {
  const path = `/api/credit-notes/${encodeURIComponent(number)}.pdf`;
  const filename = `credit-note-${number.replaceAll('/', '-')}.pdf`;
  return pdfLink(path, filename, t('documents.creditNote', { number }), 'credit-note-download');
}

/**
 * Whether a session has an invoice: it ended after something was charged.
 * @param {import('./session.js').Session} session
 */
export function hasInvoice(session) {
  return session.status === 'ended' && (session.summary?.totalCharged ?? 0) > 0;
}
