import type { Request } from 'express';
import { HostError } from '../errors.js';

/** Any control character (C0, DEL, C1): never in a path id, a query value, a name or an email. */
const ANY_CONTROL = /\p{Cc}/u;

/** Control characters but tab, line feed and carriage return: never in a body, free text included. */
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;

/** The dotted path of the first string or key in `value` that `forbidden` matches, or `null`. */
function firstForbidden(value: unknown, forbidden: RegExp, path: readonly string[]): string[] | null {
  if (typeof value === 'string') return forbidden.test(value) ? [...path] : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (forbidden.test(key)) return [...path];
    const found = firstForbidden(item, forbidden, [...path, key]);
    if (found) return found;
  }
  return null;
}

function reject(where: string, value: unknown, forbidden: RegExp): void {
  const path = firstForbidden(value, forbidden, []);
  if (!path) return;
  const field = path.length > 0 ? path.join('.') : where;
  throw new HostError('VALIDATION_FAILED', `${field}: must not contain control characters`, { field });
}

/**
 * Refuses a request whose path parameters, query or JSON body hold control
 * characters, with `VALIDATION_FAILED` naming the field. A NUL byte would
 * otherwise reach the stores (PostgreSQL refuses it in text: a 500), and
 * nothing the API takes needs one; free text keeps its line breaks.
 */
export function rejectControlCharacters(req: Request, rawBody: boolean): void {
  reject('path', req.params, ANY_CONTROL);
  reject('query', req.query, ANY_CONTROL);
  if (!rawBody) reject('body', req.body, CONTROL_BUT_LINE_BREAKS);
}

/**
 * Refuses a raw JSON body (a provider's signed webhook) holding a control
 * character other than a line break, naming its path, before any store sees
 * it; a body that is not JSON is left to the provider's verifier to refuse.
 */
export function rejectControlCharactersInJson(raw: Buffer): void {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return;
  }
  reject('body', json, CONTROL_BUT_LINE_BREAKS);
}
