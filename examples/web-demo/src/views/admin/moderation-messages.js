/** What the approval, account and review screens say when the server refuses: a sentence with the next step. */

/** @type {Record<string, string>} */
const SENTENCES = {
  CONSULTANT_STATUS_CONFLICT: "This consultant's status changed meanwhile. Refresh the list and decide again.",
  CONSULTANT_NOT_FOUND: 'This consultant no longer exists. Refresh the list.',
  ACCOUNT_NOT_FOUND: 'No account has this email. Check the address and search again.',
  REVIEW_NOT_FOUND: 'This review no longer exists. Refresh the list.',
  FORBIDDEN: 'Your account cannot do this. Sign in as an admin, or ask one to do it.',
  VALIDATION_FAILED: 'Check what you entered and try again.',
  NETWORK: 'Cannot reach the server. Check your connection and try again.',
};

/**
 * @param {unknown} error an ApiError from the REST client
 * @returns {string}
 */
export function moderationSentence(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code ?? '';
  if (code === 'UNAUTHENTICATED') return 'Your sign-in has expired. Sign in again, then retry.';
  return SENTENCES[code] ?? 'That did not work. Refresh and try again; if it keeps failing, contact support.';
}
