import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { smtpServerOf } from '../src/mail-config.js';
import { configErrorOf, PRODUCTION_ENV } from './config-env.js';

/** What production needs beside the server to send email. */
const SENDER = {
  MAIL_FROM: 'JyotishConnect <no-reply@consult.example.com>',
  PUBLIC_URL: 'https://consult.example.com/',
};

describe('email settings from the environment', () => {
  it('without SMTP_URL no email is sent, in either mode', () => {
    expect(loadConfig(PRODUCTION_ENV).mail).toBeNull();
    expect(loadConfig({ DEMO: 'true', MAIL_FROM: 'a@b.c' }).mail).toBeNull();
  });

  it('production sends over smtps://, or smtp:// only with STARTTLS required', () => {
    const tls = loadConfig({ ...PRODUCTION_ENV, ...SENDER, SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465' }).mail;
    expect(tls).toMatchObject({ requireTls: false, from: SENDER.MAIL_FROM, publicUrl: 'https://consult.example.com' });
    const starttls = loadConfig({
      ...PRODUCTION_ENV,
      ...SENDER,
      SMTP_URL: 'smtp://mailer:pw@smtp.example.com:587',
    }).mail;
    expect(starttls?.requireTls).toBe(true);
  });

  it('production sends without TLS only when asked, and never a password off this machine', () => {
    const relay = { ...PRODUCTION_ENV, ...SENDER, SMTP_ALLOW_PLAINTEXT: 'true' };
    expect(loadConfig({ ...relay, SMTP_URL: 'smtp://postfix.internal:25' }).mail?.requireTls).toBe(false);
    expect(loadConfig({ ...relay, SMTP_URL: 'smtp://mailer:pw@127.0.0.1:25' }).mail?.requireTls).toBe(false);
    const error = configErrorOf({ ...relay, SMTP_URL: 'smtp://mailer:pw@smtp.example.com:25' });
    expect(error.variable).toBe('SMTP_ALLOW_PLAINTEXT');
    expect(error.message).not.toContain('pw@');
  });

  it('production needs a sender and the public address the links point to', () => {
    const smtp = { SMTP_URL: 'smtps://smtp.example.com' };
    expect(configErrorOf({ ...PRODUCTION_ENV, ...smtp, PUBLIC_URL: SENDER.PUBLIC_URL }).variable).toBe('MAIL_FROM');
    expect(configErrorOf({ ...PRODUCTION_ENV, ...smtp, MAIL_FROM: SENDER.MAIL_FROM }).variable).toBe('PUBLIC_URL');
  });

  it('demo mode sends to a local server as it is, from a demo sender, linking to itself', () => {
    const mail = loadConfig({ DEMO: 'true', PORT: '3100', SMTP_URL: 'smtp://127.0.0.1:1025' }).mail;
    expect(mail).toMatchObject({
      requireTls: false,
      from: 'JyotishConnect <no-reply@localhost>',
      publicUrl: 'http://localhost:3100',
      maxAttempts: 5,
      concurrency: 2,
      timeoutMs: 30_000,
    });
  });

  it('refuses what is not an SMTP URL or an address, naming the variable', () => {
    expect(configErrorOf({ DEMO: 'true', SMTP_URL: 'http://smtp.example.com' }).variable).toBe('SMTP_URL');
    expect(configErrorOf({ DEMO: 'true', SMTP_URL: 'smtp://h', MAIL_FROM: 'nobody' }).variable).toBe('MAIL_FROM');
    const injected = 'a@b.c\r\nBcc: everyone@example.com';
    expect(configErrorOf({ DEMO: 'true', SMTP_URL: 'smtp://h', MAIL_FROM: injected }).variable).toBe('MAIL_FROM');
    expect(configErrorOf({ DEMO: 'true', SMTP_URL: 'smtp://h', MAIL_MAX_ATTEMPTS: '0' }).variable).toBe(
      'MAIL_MAX_ATTEMPTS',
    );
  });

  it('names the server without its credentials for the start-up log', () => {
    const mail = loadConfig({
      ...PRODUCTION_ENV,
      ...SENDER,
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
    }).mail;
    expect(mail && smtpServerOf(mail)).toBe('smtps://smtp.example.com:465');
  });
});
