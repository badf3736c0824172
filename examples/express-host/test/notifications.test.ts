import type { ParsedMail } from 'mailparser';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_EMAIL_COOLDOWN_MS } from '../src/notifications/notifier.js';
import { type Cast, castOf, type HostMode, MODES, startTestHost, type TestHost } from './helpers.js';
import { isTo, type StalledServer, startMailServer, startStalledServer, type TestMailServer } from './mail-server.js';
import { pdfText } from './pdf-text.js';
import { connectWs } from './processes.js';

/** What production needs to send email to a relay on this machine; demo mode needs only the URL. */
function mailEnv(mode: HostMode, smtpUrl: string): Record<string, string> {
  // Every interval is below 3,600 s of balance (Rs 500 at Rs 10/min pays 3,000 s): low from the first tick.
  const common = { SMTP_URL: smtpUrl, LOW_BALANCE_SECONDS: '3600' };
  return mode === 'demo'
    ? common
    : {
        ...common,
        SMTP_ALLOW_PLAINTEXT: 'true',
        MAIL_FROM: 'JyotishConnect <no-reply@consult.example.com>',
        PUBLIC_URL: 'https://consult.example.com',
      };
}

/** A header's raw value, as the message carries it. */
function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

function kindOf(mail: ParsedMail): string {
  return String(mail.headers.get('x-jyotishconnect-kind'));
}

function kindsTo(server: TestMailServer, address: string): string[] {
  return server.to(address).map(kindOf);
}

/** The unsubscribe link's path and query (the host answers it; PUBLIC_URL names the public site). */
function unsubscribePath(mail: ParsedMail): string {
  const link = /https?:\/\/\S+?(\/api\/notifications\/unsubscribe\?token=[\w.%-]+)/.exec(mail.text ?? '');
  if (!link?.[1]) throw new Error('no unsubscribe link in the email');
  return link[1];
}

/** Asha asks Guru for a chat, Guru accepts, `seconds` are served, Asha ends it. */
async function consult(t: TestHost, cast: Cast, seconds: number): Promise<string> {
  const requested = await t.call('POST', '/api/consultations', {
    token: cast.asha.token,
    body: { consultantId: cast.guru.id, service: 'chat' },
  });
  expect(requested.status).toBe(201);
  const id = requested.body.id as string;
  expect((await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token })).status).toBe(200);
  await t.advance(seconds * 1000);
  expect((await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token })).status).toBe(200);
  return id;
}

/** The number of the invoice the host issued when the consultation ended. */
async function invoiceNumberOf(t: TestHost, cast: Cast, sessionId: string): Promise<string> {
  const answer = await t.call('GET', `/api/consultations/${sessionId}/invoice`, { token: cast.asha.token });
  expect(answer.status).toBe(200);
  return answer.body.invoice.number as string;
}

const WORDING = {
  en: {
    request: 'New chat request from Asha Rao',
    requestText: 'Asha Rao asked you for a chat consultation at ₹10.00 a minute.',
    lowBalance: /^Low balance: about \d+ min \d+ s left with Guru Sharma$/,
    lowBalanceText: 'Top up now so your consultation is not cut short.',
    summary: 'Your consultation with Guru Sharma: 1 min 30 s, ₹15.00',
    summaryText: [
      'Consultant: Guru Sharma',
      'Duration: 1 min 30 s',
      'Free time: 0 s',
      'Charged to your wallet: ₹15.00',
    ],
    invoice: (number: string) => `Your JyotishConnect invoice ${number}`,
    invoiceText: 'The invoice is attached to this email as a PDF.',
    greeting: 'Hello Asha Rao,',
    unsubscribe: "Don't want consultation summary emails? Unsubscribe:",
  },
  hi: {
    request: 'Asha Rao ने चैट पर परामर्श का अनुरोध भेजा है',
    requestText: 'Asha Rao ने आपसे ₹10.00 प्रति मिनट की दर पर चैट पर परामर्श का अनुरोध किया है।',
    lowBalance: /^बैलेंस कम है: Guru Sharma के साथ लगभग \d+ मिनट \d+ सेकंड बाकी$/,
    lowBalanceText: 'परामर्श बीच में न रुके, इसके लिए अभी वॉलेट रिचार्ज करें।',
    summary: 'Guru Sharma के साथ आपका परामर्श: 1 मिनट 30 सेकंड, ₹15.00',
    summaryText: ['परामर्शदाता: Guru Sharma', 'अवधि: 1 मिनट 30 सेकंड', 'मुफ़्त समय: 0 सेकंड', 'वॉलेट से कटी राशि: ₹15.00'],
    invoice: (number: string) => `JyotishConnect से आपका इनवॉइस ${number}`,
    invoiceText: 'इनवॉइस इस ईमेल के साथ PDF के रूप में संलग्न है।',
    greeting: 'नमस्ते Asha Rao,',
    unsubscribe: 'परामर्श सारांश वाले ईमेल नहीं चाहिए? यहाँ से बंद करें:',
  },
} as const;

describe.each(MODES)('email notifications in %s mode (a real SMTP server in process)', (mode) => {
  let mail: TestMailServer;
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    mail = await startMailServer();
    t = await startTestHost(mode, { env: mailEnv(mode, mail.url) });
    cast = await castOf(t);
    return async () => {
      await t.close();
      await mail.close();
    };
  });

  it.each(['en', 'hi'] as const)(
    'each kind arrives to the right person, in %s, with text and HTML parts',
    async (language) => {
      const words = WORDING[language];
      for (const person of [cast.asha, cast.guru]) {
        const set = await t.call('PUT', '/api/me/notifications', { token: person.token, body: { language } });
        expect(set.status).toBe(200);
        expect(set.body.language).toBe(language);
      }
      const sessionId = await consult(t, cast, 90); // 90 s at Rs 10/min

      const request = await mail.waitFor((m) => isTo(m, cast.guru.email) && kindOf(m) === 'incoming-request');
      expect(request.subject).toBe(words.request);
      expect(request.text).toContain(words.requestText);
      expect(request.html).toContain(`lang="${language}"`);

      const low = await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'low-balance');
      expect(low.subject).toMatch(words.lowBalance);
      expect(low.text).toContain(words.lowBalanceText);

      const summary = await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'session-summary');
      expect(summary.subject).toBe(words.summary);
      expect(summary.text).toContain(words.greeting);
      for (const line of words.summaryText) expect(summary.text).toContain(line);
      expect(summary.text).toContain(words.unsubscribe);
      expect(summary.html).toContain(words.greeting);
      expect(header(summary, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

      const invoice = await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'invoice');
      const number = await invoiceNumberOf(t, cast, sessionId);
      expect(invoice.subject).toBe(words.invoice(number));
      expect(invoice.text).toContain(words.invoiceText);
      expect(invoice.attachments).toHaveLength(1);
      expect(invoice.attachments[0]).toMatchObject({
        filename: `invoice-${number.replaceAll('/', '-')}.pdf`,
        contentType: 'application/pdf',
      });
      // The attachment is the invoice the host issued, rendered by its own PDF renderer.
      const text = await pdfText(new Uint8Array(invoice.attachments[0]?.content ?? []));
      expect(text).toContain(number);
      expect(text).toContain('Asha Rao');

      await t.host.services.notifications.idle();
      // Exactly these, and nothing to anyone else.
      expect(kindsTo(mail, cast.guru.email)).toEqual(['incoming-request']);
      expect(kindsTo(mail, cast.asha.email).sort()).toEqual(['invoice', 'low-balance', 'session-summary']);
      expect(mail.received).toHaveLength(4);
      const from = summary.from?.value[0]?.address;
      expect(from).toBe(mode === 'demo' ? 'no-reply@localhost' : 'no-reply@consult.example.com');
    },
  );

  it('a low balance is emailed once per session: not per tick, nor when a top-up lifts it and it drops again', async () => {
    let drops = 0;
    t.host.services.billing.on('session.lowBalance', () => {
      drops += 1;
    });
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    const id = requested.body.id as string;
    await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token });
    await t.advance(5_000);
    // Rs 110 more pays a little over 3,600 s: above the threshold, until 60-odd seconds later.
    await t.topUp(cast.asha.token, 11_000);
    await t.advance(120_000);
    await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    await t.host.services.notifications.idle();
    expect(drops).toBe(2);
    expect(kindsTo(mail, cast.asha.email).filter((kind) => kind === 'low-balance')).toHaveLength(1);
  });

  it("a client offered the consultant's freed slot from the waitlist is emailed as a waitlist offer", async () => {
    const registered = await t.call('POST', '/api/auth/register', {
      body: { name: 'Kiran Das', email: 'kiran@example.com', password: 'kiran-password-1', role: 'user' },
    });
    expect(registered.status).toBe(201);
    const kiran = { id: registered.body.user.id as string, token: registered.body.token as string };
    await t.topUp(kiran.token, 20_000);
    await connectWs(t.url, kiran.token);
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    const id = requested.body.id as string;
    await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token });
    const joined = await t.call('POST', `/api/consultants/${cast.guru.id}/waitlist`, {
      token: kiran.token,
      body: { service: 'chat' },
    });
    expect(joined.status).toBe(201);
    await t.advance(10_000);
    await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    // The freed slot is offered to Kiran first; once Kiran takes it, the consultant hears of the request.
    const offerOf = async () => (await t.call('GET', '/api/me/waitlist', { token: kiran.token })).body.offer;
    await expect.poll(offerOf).not.toBeNull();
    const slot = await offerOf();
    const taken = await t.call('POST', `/api/waitlist/offers/${encodeURIComponent(slot.id)}/accept`, {
      token: kiran.token,
    });
    expect(taken.status).toBe(200);
    const offer = await mail.waitFor(
      (m) => isTo(m, cast.guru.email) && m.subject === 'Kiran Das from your waitlist is ready for a chat consultation',
    );
    expect(offer.text).toContain('Kiran Das waited in your queue and has now been offered your free slot');
    expect(kindOf(offer)).toBe('incoming-request');
  });

  it('a client requesting, withdrawing and requesting again emails the consultant once per cooldown', async () => {
    const requestAndWithdraw = async () => {
      const requested = await t.call('POST', '/api/consultations', {
        token: cast.asha.token,
        body: { consultantId: cast.guru.id, service: 'chat' },
      });
      expect(requested.status).toBe(201);
      const cancel = `/api/consultations/${requested.body.id}/cancel`;
      expect((await t.call('POST', cancel, { token: cast.asha.token })).status).toBe(200);
    };
    for (let n = 0; n < 3; n += 1) await requestAndWithdraw();
    await t.host.services.notifications.idle();
    expect(kindsTo(mail, cast.guru.email)).toEqual(['incoming-request']);
    await t.advance(REQUEST_EMAIL_COOLDOWN_MS);
    await requestAndWithdraw();
    await t.host.services.notifications.idle();
    expect(kindsTo(mail, cast.guru.email)).toEqual(['incoming-request', 'incoming-request']);
  });

  it('turning a kind off stops exactly that kind, for that person', async () => {
    const asha = await t.call('PUT', '/api/me/notifications', {
      token: cast.asha.token,
      body: { kinds: { 'session-summary': false } },
    });
    expect(asha.body).toEqual({
      language: 'en',
      kinds: { 'low-balance': true, 'session-summary': false, invoice: true },
      sending: true,
    });
    const guru = await t.call('PUT', '/api/me/notifications', {
      token: cast.guru.token,
      body: { kinds: { 'incoming-request': false } },
    });
    expect(guru.body.kinds).toEqual({ 'incoming-request': false });
    await consult(t, cast, 30);
    await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'invoice');
    await t.host.services.notifications.idle();
    expect(kindsTo(mail, cast.asha.email).sort()).toEqual(['invoice', 'low-balance']);
    expect(kindsTo(mail, cast.guru.email)).toEqual([]);

    // Turned back on, it arrives again (after the cooldown between one client's requests).
    await t.advance(REQUEST_EMAIL_COOLDOWN_MS);
    await t.call('PUT', '/api/me/notifications', {
      token: cast.guru.token,
      body: { kinds: { 'incoming-request': true } },
    });
    await consult(t, cast, 5);
    await mail.waitFor((m) => isTo(m, cast.guru.email) && kindOf(m) === 'incoming-request');
  });

  it("an email's unsubscribe link turns its kind off without logging in; a tampered or foreign token is refused", async () => {
    await consult(t, cast, 30);
    const summary = await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'session-summary');
    const path = unsubscribePath(summary);
    expect(header(summary, 'list-unsubscribe')).toContain('/api/notifications/unsubscribe?token=');
    const token = decodeURIComponent(new URL(path, t.url).searchParams.get('token') ?? '');

    // Opening the link changes nothing: it asks to confirm.
    const page = await fetch(t.url + path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Stop consultation summary emails to ${cast.asha.email}?`);
    expect(html).toContain('<form method="post"');

    // Tampered: another kind or another account in the payload (the signature no longer matches), a login token, garbage.
    const [protectedHeader, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = (change: Record<string, unknown>) =>
      [protectedHeader, Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'), signature].join(
        '.',
      );
    for (const bad of [
      forged({ kind: 'invoice' }),
      forged({ sub: cast.meera.id }),
      `${token.slice(0, -2)}xx`,
      cast.asha.token,
      'not-a-token',
    ]) {
      const url = `/api/notifications/unsubscribe?token=${encodeURIComponent(bad)}`;
      const refused = await t.call('POST', url);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('INVALID_UNSUBSCRIBE_LINK');
      const badPage = await fetch(t.url + url);
      expect(badPage.status).toBe(400);
      expect(await badPage.text()).toContain('This unsubscribe link is not valid.');
    }
    const untouched = await t.call('GET', '/api/me/notifications', { token: cast.asha.token });
    expect(untouched.body.kinds).toEqual({ 'low-balance': true, 'session-summary': true, invoice: true });

    // A mail client's one-click unsubscribe (RFC 8058), then the page's button: the same, once.
    const oneClick = await fetch(t.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.json()).toEqual({ kind: 'session-summary', unsubscribed: true });
    const button = await fetch(t.url + path, { method: 'POST', headers: { accept: 'text/html' } });
    expect(await button.text()).toContain('you will get no more consultation summary emails');
    const after = await t.call('GET', '/api/me/notifications', { token: cast.asha.token });
    expect(after.body.kinds).toEqual({ 'low-balance': true, 'session-summary': false, invoice: true });

    await consult(t, cast, 10);
    await t.host.services.notifications.idle();
    expect(kindsTo(mail, cast.asha.email).filter((kind) => kind === 'session-summary')).toHaveLength(1);
  });

  it('settings are for users and consultants, validated, and each sees only their own kinds', async () => {
    expect((await t.call('GET', '/api/me/notifications')).status).toBe(401);
    const admin = await t.call('GET', '/api/me/notifications', { token: cast.admin.token });
    expect(admin.status).toBe(403);
    expect((await t.call('GET', '/api/me/notifications', { token: cast.guru.token })).body).toEqual({
      language: 'en',
      kinds: { 'incoming-request': true },
      sending: true,
    });
    const cases: [string, unknown, string][] = [
      [cast.asha.token, { kinds: { 'incoming-request': false } }, 'kinds.incoming-request'],
      [cast.guru.token, { kinds: { invoice: false } }, 'kinds.invoice'],
      [cast.asha.token, { language: 'fr' }, 'language'],
      [cast.asha.token, { kinds: { newsletter: false } }, 'kinds'],
      [cast.asha.token, { language: 'hi', optedOut: [] }, ''],
    ];
    for (const [token, body, field] of cases) {
      const refused = await t.call('PUT', '/api/me/notifications', { token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      if (field) expect(refused.body.error.field ?? '').toContain(field.split('.')[0]);
    }
    // Nothing was written by a refused change.
    expect((await t.call('GET', '/api/me/notifications', { token: cast.asha.token })).body.language).toBe('en');
  });

  it('a frozen account gets no session email, but still gets its invoice', async () => {
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    const id = requested.body.id as string;
    await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token });
    await t.advance(30_000); // served and charged, so the session ends with an invoice
    await t.host.services.notifications.idle();
    const lowBefore = kindsTo(mail, cast.asha.email);
    const frozen = await t.call('POST', `/api/admin/accounts/${cast.asha.id}/freeze`, {
      token: cast.admin.token,
      body: { frozen: true },
    });
    expect(frozen.status).toBe(200);
    expect((await t.call('GET', `/api/consultations/${id}`, { token: cast.guru.token })).body.session.status).toBe(
      'ended',
    );
    await mail.waitFor((m) => isTo(m, cast.asha.email) && kindOf(m) === 'invoice');
    await t.host.services.notifications.idle();
    expect(kindsTo(mail, cast.asha.email)).toEqual([...lowBefore, 'invoice']);
    expect(kindsTo(mail, cast.asha.email)).not.toContain('session-summary');
  });
});

describe.each(MODES)('a stalled SMTP server in %s mode', (mode) => {
  let stalled: StalledServer;
  let t: TestHost;
  let cast: Cast;
  beforeEach(async () => {
    stalled = await startStalledServer();
    t = await startTestHost(mode, { env: mailEnv(mode, stalled.url) });
    cast = await castOf(t);
    return async () => {
      await t.close();
      await stalled.close();
    };
  });

  it('never delays billing: ticks charge and the session ends while every email waits on the server', async () => {
    const requested = await t.call('POST', '/api/consultations', {
      token: cast.asha.token,
      body: { consultantId: cast.guru.id, service: 'chat' },
    });
    const id = requested.body.id as string;
    // The request's email is stuck: the server took the connection and says nothing.
    await expect.poll(() => stalled.connections(), { timeout: 30_000 }).toBeGreaterThan(0);
    await t.call('POST', `/api/consultations/${id}/accept`, { token: cast.guru.token });
    await t.advance(90_000);
    const ended = await t.call('POST', `/api/consultations/${id}/end`, { token: cast.asha.token });
    expect(ended.status).toBe(200);
    expect(ended.body.summary).toMatchObject({ secondsBilled: 90, userCharged: 1_500 });
    expect((await t.call('GET', '/api/wallet', { token: cast.asha.token })).body.balance).toBe(50_000 - 1_500);
    // And stopping the host does not wait for them either (the test's teardown closes it).
  });
});

describe.each(MODES)('without SMTP_URL in %s mode', (mode) => {
  it('sends nothing, says so once at start, and keeps settings and unsubscribe links working', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const t = await startTestHost(mode, { logger });
    try {
      const cast = await castOf(t);
      expect(lines.filter((line) => line.includes('email notifications are off'))).toHaveLength(1);
      const settings = await t.call('GET', '/api/me/notifications', { token: cast.asha.token });
      expect(settings.body).toMatchObject({ sending: false });
      const token = await t.host.services.notifications.unsubscribeTokens.sign({
        userId: cast.asha.id,
        kind: 'low-balance',
      });
      const done = await t.call('POST', `/api/notifications/unsubscribe?token=${token}`);
      expect(done.body).toEqual({ kind: 'low-balance', unsubscribed: true });
      // The request log names the link without its token.
      expect(lines.some((line) => line.includes('/api/notifications/unsubscribe?token=[redacted]'))).toBe(true);
      expect(lines.join('\n')).not.toContain(token);
      await consult(t, cast, 5);
      await t.host.services.notifications.idle();
    } finally {
      await t.close();
    }
  });
});

describe('SMTP credentials', () => {
  it('production never sends over a connection the server will not encrypt, unless told to', async () => {
    const mail = await startMailServer(); // offers no STARTTLS
    const { SMTP_ALLOW_PLAINTEXT: _optIn, ...env } = mailEnv('production', mail.url);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const t = await startTestHost('production', { env, logger });
    try {
      expect(t.config.mail?.requireTls).toBe(true);
      const cast = await castOf(t);
      await consult(t, cast, 5);
      await t.host.services.notifications.idle();
      expect(mail.received).toHaveLength(0);
      expect(lines.filter((line) => line.includes('email dropped')).length).toBeGreaterThan(0);
    } finally {
      await t.close();
      await mail.close();
    }
  });

  it('never reach the logs, even when the server refuses them', async () => {
    const mail = await startMailServer({ auth: { user: 'mailer', pass: 'the-right-one' } });
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const secret = 'Sup3r-s3cret-SMTP-pass';
    const env = mailEnv('production', `smtp://mailer:${secret}@127.0.0.1:${mail.port}`);
    const t = await startTestHost('production', { env, logger });
    try {
      const cast = await castOf(t);
      await consult(t, cast, 5);
      await t.host.services.notifications.idle();
      expect(mail.received).toHaveLength(0);
      expect(lines.some((line) => line.includes('email dropped'))).toBe(true);
      expect(lines.some((line) => line.includes(`"smtp":"smtp://127.0.0.1:${mail.port}"`))).toBe(true);
      const everything = lines.join('\n');
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
      expect(everything).not.toContain(Buffer.from(`\u0000mailer\u0000${secret}`).toString('base64'));
    } finally {
      await t.close();
      await mail.close();
    }
  });
});
