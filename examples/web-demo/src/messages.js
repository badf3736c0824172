/**
 * The one table of what a person reads when the host refuses something: each error code the page can meet
 * becomes a sentence with a next step. The server's own text (ids, paise, library wording) is never shown.
 */

/** Sentences by error code, REST and real-time alike. */
export const MESSAGES = {
  NETWORK: 'Cannot reach the server. Check your connection and try again.',
  CONNECT_FAILED: 'Cannot reach the server. Check your connection and try again.',
  DISCONNECTED: 'The connection dropped. Wait a moment for it to come back, then try again.',
  CLOSED: 'The connection dropped. Wait a moment for it to come back, then try again.',
  INVALID_CREDENTIALS: 'That email and password do not match. Check them and try again.',
  UNAUTHENTICATED: 'Your sign-in has expired. Sign in again to continue.',
  REVOKED: 'Your sign-in has expired. Sign in again to continue.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead, or use another email.',
  ACCOUNT_EXISTS: 'An account with this email already exists. Sign in instead, or use another email.',
  FORBIDDEN: 'Your account cannot do this. Contact support if you think it should.',
  INVALID_ROLE: 'Your account cannot do this. Contact support if you think it should.',
  NOT_A_PARTICIPANT: 'This consultation is not yours. Go back and choose one of your own.',
  ACCOUNT_FROZEN: 'Your account is on hold. Contact support to have it reviewed.',
  INSUFFICIENT_FUNDS: 'Your wallet does not have enough for this. Top up your wallet, then try again.',
  BALANCE_LIMIT_EXCEEDED: 'That would take your wallet over its limit. Choose a smaller amount.',
  CONSULTANT_BUSY: 'This consultant is in another consultation. Try again in a few minutes, or choose another.',
  CONSULTANT_OFFLINE: 'This consultant has just gone offline. Choose another, or try again later.',
  USER_BUSY: 'You already have a consultation open. Finish it before starting another.',
  SERVICE_NOT_OFFERED: 'This consultant does not offer that kind of consultation. Choose another.',
  CONSULTANT_NOT_FOUND: 'This consultant is no longer listed. Choose another.',
  CONSULTANT_NOT_APPROVED: 'This consultant is not taking consultations right now. Choose another consultant.',
  CONSULTANT_STATUS_CONFLICT: 'This consultant has already been reviewed. Reload the list to see where they stand.',
  SESSION_NOT_FOUND: 'This consultation no longer exists. Reload the page to see where things stand.',
  SESSION_NOT_ACTIVE: 'This consultation is not running any more. Reload the page to see where things stand.',
  INVALID_TRANSITION: 'This consultation has moved on. Reload the page to see where things stand.',
  SESSION_NOT_ENDED: 'You can rate a consultation once it has ended.',
  ALREADY_RATED: 'You have already rated this consultation. Thank you.',
  ALREADY_QUEUED: 'You are already waiting for this consultant.',
  CONVERSATION_CLOSED: 'This conversation is closed. Start a new consultation to write again.',
  CONVERSATION_NOT_FOUND: 'This conversation no longer exists. Reload the page.',
  MESSAGE_NOT_FOUND: 'That message no longer exists. Reload the page.',
  REPLY_NOT_FOUND: 'The message you replied to no longer exists. Write without the reply.',
  NOT_THE_AUTHOR: 'You can change only your own messages.',
  EDIT_WINDOW_CLOSED: 'This message can no longer be changed.',
  MESSAGE_DELETED: 'This message was deleted.',
  POLICY_REJECTED: 'That message cannot be sent: sharing contact details is not allowed. Edit it and send again.',
  NOT_A_CALL: 'This consultation has no call. Use the chat.',
  PAYMENT_NOT_CAPTURED: 'The payment is not complete yet. Your wallet is credited as soon as the provider confirms it.',
  ORDER_ALREADY_PAID: 'This payment has already been made. Check your wallet.',
  ORDER_NOT_FOUND: 'That payment could not be found. Start the top-up again.',
  PROVIDER_ERROR: 'The payment provider is not answering. Nothing was charged; try again in a few minutes.',
  PAYMENT_METHOD_REQUIRED: 'Save a payment method first, then try again.',
  SAVED_METHOD_UNSUPPORTED: 'This payment provider cannot charge a saved method. Top up by hand instead.',
  PAYOUT_ACCOUNT_REQUIRED: 'Add the bank account payouts go to, then request the payout again.',
  BELOW_MINIMUM_PAYOUT: 'That is below the smallest payout. Enter a larger amount.',
  FUNDS_ALREADY_SPENT: 'That money has already been spent, so it cannot be refunded. Choose a smaller amount.',
  REFUND_EXCEEDS_PAYMENT: 'That is more than is left to refund on this payment. Enter a smaller amount.',
  REFUND_EXCEEDS_ORIGINAL: 'That is more than is left to refund on this consultation. Enter a smaller amount.',
  REFUND_TOO_LARGE: 'That is more than is left to refund. Enter a smaller amount.',
  NOT_REFUNDABLE: 'This cannot be refunded. Contact support if it should be.',
  CONSULTANT_PAID_OUT: 'The consultant has already been paid for this. Contact support to settle it by hand.',
  PAYOUT_ALREADY_SETTLED: 'This payout has already been settled. Reload the list.',
  PAYOUT_NOT_FOUND: 'That payout no longer exists. Reload the list.',
  IDEMPOTENCY_CONFLICT: 'This was already submitted with other figures. Reload the page, then try again.',
  CONCURRENT_MODIFICATION: 'Someone changed this at the same moment. Try again.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a minute, then try again.',
  PAYLOAD_TOO_LARGE: 'That is too long. Shorten it and try again.',
  NOT_FOUND: 'That could not be found. Reload the page.',
  ACCOUNT_NOT_FOUND: 'That account could not be found. Reload the page, or contact support.',
  ENGINE_CLOSED: 'The service is restarting. Try again in a moment.',
  SHUTTING_DOWN: 'The service is restarting. Try again in a moment.',
  NOT_READY: 'The service is starting up. Try again in a moment.',
};

/** What a code the table does not know says: never the server's text. */
const UNKNOWN = 'Something went wrong on our side. Try again, or contact support if it keeps happening.';

/**
 * Codes whose server text is the host's own sentence about one form field ("amount: must be at most …"):
 * shown without the field's name, which the form's label already says.
 */
const FIELD_CODES = new Set(['VALIDATION_FAILED', 'INVALID_INPUT']);

/**
 * The sentence a person reads for an error the host answered with.
 * @param {string} code the error's code
 * @param {{ field?: string, serverText?: string }} [about] the field refused and the server's text, for field errors
 * @returns {string}
 */
export function messageFor(code, about = {}) {
  const known = MESSAGES[/** @type {keyof typeof MESSAGES} */ (code)];
  if (known) return known;
  if (FIELD_CODES.has(code)) return fieldMessage(about.field, about.serverText);
  return UNKNOWN;
}

/**
 * A field error as a sentence: the host's text about that field, without the field's name, capitalised.
 * Without a named field the host's text may be about anything, so a general sentence stands in.
 * @param {string | undefined} field
 * @param {string | undefined} text
 */
function fieldMessage(field, text) {
  const general = 'Some of what you entered is not valid. Check it and try again.';
  if (!field || !text) return general;
  const bare = text.replace(new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`), '').trim();
  if (!bare || /[a-z]+:[0-9a-f-]{6,}/i.test(bare)) return general; // an id in it: not for the screen
  const sentence = bare.charAt(0).toUpperCase() + bare.slice(1);
  return /[.!?…)]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** An error the host answered with; its `message` is a sentence from the table above, never the server's text. */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} serverText the host's own text: for the console, and for a field error's sentence
   * @param {number} status
   * @param {string} [field]
   * @param {Record<string, unknown>} [details]
   */
  constructor(code, serverText, status, field, details = {}) {
    super(messageFor(code, { field, serverText }));
    this.name = 'ApiError';
    this.code = code;
    this.serverText = serverText;
    this.status = status;
    this.field = field;
    this.details = details;
  }
}
