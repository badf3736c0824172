/**
 * What a person reads when the host refuses something: each error code the page can meet becomes a sentence
 * with a next step from the locales' one `error` table, in the page's language. The server's own text (ids, paise,
 * library wording) is never shown.
 */

import { currentLanguage, hasText, t } from './i18n.js';

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
  if (code !== 'UNKNOWN' && code !== 'FIELD_GENERAL' && hasText(`error.${code}`)) return t(`error.${code}`);
  if (FIELD_CODES.has(code)) return fieldMessage(about.field, about.serverText);
  // What a code the table does not know says: never the server's text.
  return t('error.UNKNOWN');
}

/**
 * A field error as a sentence: the host's text about that field, without the field's name, capitalised.
 * Without a named field the host's text may be about anything, so a general sentence stands in.
 * @param {string | undefined} field
 * @param {string | undefined} text
 */
function fieldMessage(field, text) {
  const general = t('error.FIELD_GENERAL');
  // The host's own text about a field is English; in another language the general sentence stands in.
  if (!field || !text || currentLanguage() !== 'en') return general;
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
