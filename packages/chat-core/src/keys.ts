import { invalidInput } from './errors.js';
import type { ActivityCursor } from './store.js';

/** Encodes a conversation-list position as an opaque cursor string. */
export function encodeCursor(cursor: ActivityCursor): string {
  return `${cursor.at}:${cursor.id}`;
}

/** Decodes a cursor made by {@link encodeCursor}; the schema already checked its shape. */
export function decodeCursor(cursor: string): ActivityCursor {
  const colon = cursor.indexOf(':');
  const at = Number(cursor.slice(0, colon));
  if (!Number.isSafeInteger(at)) throw invalidInput('cursor', 'is not a cursor');
  return { at, id: cursor.slice(colon + 1) };
}

const RAW_FINGERPRINT_MAX = 256;

/**
 * Identifies a send request, stored with the message so a retry can be told
 * from a different message under the same client id even after an edit.
 * Short requests are kept verbatim (a string concatenation costs nothing on
 * the hot path); longer ones are digested with cyrb53 (53 bits, not a
 * security hash) so stores do not keep long texts twice.
 */
export function fingerprintOf(authorId: string, text: string, extra: readonly unknown[] | null): string {
  const raw = extra === null ? `${authorId}\u001f${text}` : `${authorId}\u001f${text}\u001f${JSON.stringify(extra)}`;
  return raw.length <= RAW_FINGERPRINT_MAX ? `r:${raw}` : `h:${cyrb53(raw)}`;
}

function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length.toString(36)}.${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}
