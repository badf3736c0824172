import type { Request } from 'express';
import { z } from 'zod';
import { HostError } from '../errors.js';
import type { NotificationKind, NotificationPreferences, UserRole } from '../host-store/index.js';
import { defaultPreferences, MAIL_LANGUAGES, NOTIFICATION_KINDS } from '../host-store/rules.js';
import type { UnsubscribeClaims } from '../notifications/unsubscribe-links.js';
import { confirmPage, donePage, invalidLinkPage } from '../notifications/unsubscribe-page.js';
import type { Services } from '../services.js';
import { type ApiRouter, caller } from './api.js';

/** The kinds of email each role can receive: consultants hear of requests, users of their money and sessions. */
export const KINDS_OF_ROLE: Readonly<Record<'user' | 'consultant', readonly NotificationKind[]>> = {
  consultant: ['incoming-request'],
  user: ['low-balance', 'session-summary', 'invoice'],
};

const language = z.enum(MAIL_LANGUAGES);
const kinds = z.enum(NOTIFICATION_KINDS);

/** The caller's email settings, as the API shows them. */
const preferencesSchema = z.object({
  language,
  /** Each kind the caller's role can receive, and whether it is on. */
  kinds: z.partialRecord(kinds, z.boolean()),
  /** Whether this server sends email at all (`SMTP_URL` is set); settings are kept either way. */
  sending: z.boolean(),
});

/** A change of settings: the language, and any of the caller's kinds turned on or off; kinds left out keep their state. */
const preferencesChangeSchema = z.strictObject({
  language: language.optional(),
  kinds: z.partialRecord(kinds, z.boolean()).optional(),
});

const tokenQuery = z.object({ token: z.string().min(1).max(2_000) });

function viewOf(preferences: NotificationPreferences, role: UserRole, sending: boolean) {
  const own = role === 'admin' ? [] : KINDS_OF_ROLE[role];
  return {
    language: preferences.language,
    kinds: Object.fromEntries(own.map((kind) => [kind, !preferences.optedOut.includes(kind)])),
    sending,
  };
}

/** The form's own URL: the button posts back to the link it was opened from. */
function selfUrl(req: Request): string {
  return req.originalUrl;
}

/**
 * Email settings (`/api/me/notifications`) and unsubscribe links
 * (`/api/notifications/unsubscribe?token=…`): the link's page asks to confirm,
 * and a POST to it (the page's button, or a mail client's one-click
 * unsubscribe, RFC 8058) turns that one kind off for that one account.
 */
export function notificationRoutes(api: ApiRouter, services: Services): void {
  const { host, notifications } = services;
  const preferencesOf = async (userId: string) =>
    (await host.notificationPreferences.preferencesOf(userId)) ?? defaultPreferences(userId);

  api.get(
    '/me/notifications',
    {
      summary: 'Your email settings: the language emails are written in, and each kind of email on or off',
      tag: 'notifications',
      access: ['user', 'consultant'],
      response: preferencesSchema,
    },
    async (ctx) => {
      const user = caller(ctx);
      return viewOf(await preferencesOf(user.id), user.role, notifications.enabled);
    },
  );

  api.put(
    '/me/notifications',
    {
      summary: 'Change your email settings; kinds left out keep their state',
      tag: 'notifications',
      access: ['user', 'consultant'],
      body: preferencesChangeSchema,
      response: preferencesSchema,
    },
    async (ctx) => {
      const user = caller(ctx);
      const current = await preferencesOf(user.id);
      const own = KINDS_OF_ROLE[user.role === 'consultant' ? 'consultant' : 'user'];
      const changes = Object.entries(ctx.body.kinds ?? {}) as [NotificationKind, boolean][];
      const foreign = changes.find(([kind]) => !own.includes(kind));
      if (foreign) {
        throw new HostError('VALIDATION_FAILED', `${user.role} accounts receive no ${foreign[0]} emails`, {
          field: `kinds.${foreign[0]}`,
        });
      }
      const off = new Set(current.optedOut);
      for (const [kind, on] of changes) on ? off.delete(kind) : off.add(kind);
      const updated = { userId: user.id, language: ctx.body.language ?? current.language, optedOut: [...off] };
      await host.notificationPreferences.set(updated);
      return viewOf(await preferencesOf(user.id), user.role, notifications.enabled);
    },
  );

  /** The claims of the request's token, or `null` for a token this host did not sign for an existing account. */
  const claimsOf = async (token: string): Promise<(UnsubscribeClaims & { email: string }) | null> => {
    const claims = await notifications.unsubscribeTokens.verify(token);
    const account = claims && (await host.accounts.byId(claims.userId));
    return claims && account ? { ...claims, email: account.email } : null;
  };
  const kindName = async (claims: UnsubscribeClaims) => {
    const locale = notifications.locales[(await preferencesOf(claims.userId)).language];
    return { locale, name: locale.t(`kind.${claims.kind}`) };
  };

  api.get(
    '/notifications/unsubscribe',
    {
      summary: "An email's unsubscribe link: a page asking to confirm (opening it changes nothing)",
      tag: 'notifications',
      access: 'public',
      query: tokenQuery,
    },
    async ({ query, req, res }) => {
      const claims = await claimsOf(query.token);
      if (!claims) {
        res
          .status(400)
          .type('html')
          .send(invalidLinkPage(Object.values(notifications.locales)));
        return;
      }
      const { locale, name } = await kindName(claims);
      res.type('html').send(confirmPage(locale, name, claims.email, selfUrl(req)));
    },
  );

  api.post(
    '/notifications/unsubscribe',
    {
      summary:
        'Turns off the kind of email the link names, for its account, without logging in (the confirm button, or RFC 8058 one-click); 400 INVALID_UNSUBSCRIBE_LINK for a link this server did not sign',
      tag: 'notifications',
      access: 'public',
      query: tokenQuery,
      response: z.object({ kind: kinds, unsubscribed: z.literal(true) }),
    },
    async ({ query, req, res }) => {
      const claims = await claimsOf(query.token);
      if (!claims)
        throw new HostError('INVALID_UNSUBSCRIBE_LINK', 'this unsubscribe link is not valid', { field: 'token' });
      await host.notificationPreferences.optOut(claims.userId, claims.kind);
      if (req.accepts(['json', 'html']) === 'html') {
        const { locale, name } = await kindName(claims);
        res.type('html').send(donePage(locale, name));
        return;
      }
      return { kind: claims.kind, unsubscribed: true as const };
    },
  );
}
