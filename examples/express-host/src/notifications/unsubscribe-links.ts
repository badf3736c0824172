import { createHmac } from 'node:crypto';
import type { Clock } from '@jyotishconnect/core';
import { jwtVerify, SignJWT } from 'jose';
import type { NotificationKind } from '../host-store/index.js';
import { NOTIFICATION_KINDS } from '../host-store/rules.js';

/** Who a valid unsubscribe token is for, and which kind it turns off. */
export interface UnsubscribeClaims {
  /** The account whose email it turns off. */
  readonly userId: string;
  /** The one kind it turns off. */
  readonly kind: NotificationKind;
}

/** Signs and checks the tokens of unsubscribe links. */
export interface UnsubscribeTokens {
  sign(claims: UnsubscribeClaims): Promise<string>;
  /** The claims of a token this host signed for an unsubscribe link and that has not expired; `null` otherwise. */
  verify(token: string): Promise<UnsubscribeClaims | null>;
}

const AUDIENCE = 'jyotishconnect-unsubscribe';
/** Long enough that an email kept for months still works; a stale link leads to the settings page instead. */
const LIFETIME_SECONDS = 400 * 24 * 3600;

/**
 * Unsubscribe tokens: HS256 JWTs naming one account and one kind, signed with
 * a key derived from the host's JWT secret for this purpose alone, so a login
 * token is never an unsubscribe token nor the reverse. Changing the user or
 * the kind breaks the signature: a link cannot be forged for someone else.
 */
export function createUnsubscribeTokens(jwtSecret: string, clock: Clock): UnsubscribeTokens {
  const key = createHmac('sha256', jwtSecret).update('jyotishconnect unsubscribe links v1').digest();
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  return {
    sign: async ({ userId, kind }) =>
      await new SignJWT({ kind })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setAudience(AUDIENCE)
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + LIFETIME_SECONDS)
        .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, {
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: new Date(clock.now()),
        });
        const kind = NOTIFICATION_KINDS.find((known) => known === payload.kind);
        return typeof payload.sub === 'string' && kind ? { userId: payload.sub, kind } : null;
      } catch {
        return null;
      }
    },
  };
}
