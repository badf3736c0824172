import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { type InvoicingConfig, invoiceEnvShape, invoicingOf } from './invoice-config.js';
import { isLoopback } from './loopback.js';
import { type MailConfig, mailEnvShape, mailOf } from './mail-config.js';
import { type MetricsSettings, metricsEnvShape, metricsOf } from './metrics-config.js';
import {
  DEMO_WEBHOOK_SECRET,
  OUTSIDE_DEMO,
  type PaymentProviderConfig,
  paymentEnvShape,
  paymentsOf,
} from './payment-config.js';
import { type PayoutProviderKind, payoutEnvShape, payoutsOf, type RazorpayXConfig } from './payout-config.js';
import { type ProxySettings, proxyEnvShape, proxySettingsOf } from './proxy-config.js';
import { type CallRouting, callRoutingOf, turnEnvShape } from './turn-config.js';
import { type WaitlistSettings, waitlistEnvShape, waitlistSettingsOf } from './waitlist-config.js';

export { ConfigError } from './config-error.js';
export type { InvoicingConfig } from './invoice-config.js';
export { isLoopback } from './loopback.js';
export type { MailConfig } from './mail-config.js';
export type { MetricsSettings } from './metrics-config.js';
export { DEMO_WEBHOOK_SECRET, type PaymentProviderConfig } from './payment-config.js';
export type { PayoutProviderKind, RazorpayXConfig } from './payout-config.js';
export type { ProxySettings, TrustProxy } from './proxy-config.js';
export { type CallRouting, DEMO_TURN_SECRET, type TurnConfig } from './turn-config.js';

/** Where the embedded PGlite keeps its data when `DATA_DIR` is not set: `examples/express-host/.data`. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

/** The JWT secret of demo mode. Public (it is in this file), so never accepted with `DEMO=false`. */
export const DEMO_JWT_SECRET = 'demo-only-jwt-secret-change-me-0123456789';

/** True when the runtime knows `name` as an IANA time zone. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const int = (min: number) => z.coerce.number().int().min(min);

const iceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1))]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** ICE servers: a JSON array of RTCIceServer objects, or comma-separated `stun:`/`turn:` URLs. */
const iceServers = z
  .string()
  .transform((text, ctx) => {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    if (!trimmed.startsWith('[')) return trimmed.split(',').map((url) => ({ urls: url.trim() }));
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is neither JSON nor a comma-separated list of URLs' });
      return z.NEVER;
    }
  })
  .pipe(z.array(iceServerSchema));

/** The environment the host reads, validated at start; every variable is optional. */
export const envSchema = z.object({
  PORT: int(0).max(65_535).default(3000),
  /** Defaults to `127.0.0.1` in demo mode and `0.0.0.0` otherwise. */
  HOST: z.string().min(1).optional(),
  /** `true` only when asked for: demo secrets allowed, demo data seeded, payments simulated. */
  DEMO: flag.default(false),
  STORE: z.enum(['pglite', 'postgres', 'mongodb', 'memory']).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z.string().min(1).default('jyotishconnect'),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  PGLITE_MAINTENANCE_MINUTES: int(0).max(1_440).default(1),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ...paymentEnvShape,
  ...payoutEnvShape,
  ...invoiceEnvShape,
  ...mailEnvShape,
  ...waitlistEnvShape,
  ...metricsEnvShape,
  ...turnEnvShape,
  ...proxyEnvShape,
  ENGINE_ID: z.string().min(1).max(200).optional(),
  TICK_SECONDS: int(1).max(3_600).default(15),
  CHECKPOINT_SECONDS: int(1).max(3_599).optional(),
  COMMISSION_BPS: int(0).max(10_000).default(2_000),
  MIN_START_BALANCE_SECONDS: int(0).default(60),
  LOW_BALANCE_SECONDS: int(0).default(120),
  PAUSE_GRACE_SECONDS: int(0).default(60),
  DISCONNECT_GRACE_SECONDS: int(0).default(10),
  /** What chat does with phone numbers and email addresses: keep consultations on the platform. */
  CONTACT_INFO_POLICY: z.enum(['redact', 'reject', 'off']).default('redact'),
  REQUEST_TIMEOUT_SECONDS: int(1).default(60),
  LEASE_TTL_MS: int(1_000).default(30_000),
  TAKEOVER_SCAN_MS: int(0).default(10_000),
  MIN_PAYOUT: int(1).default(10_000),
  /** The IANA time zone the admin analytics' days are in. */
  ANALYTICS_TIME_ZONE: z
    .string()
    .default('Asia/Kolkata')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata or UTC'),
  /** At least 100 paise, the smallest top-up a provider takes. */
  MAX_TOP_UP: int(100).default(10_000_000),
  /** The highest rate a consultant may charge, paise per minute (default Rs 1,000/min). */
  MAX_RATE_PER_MINUTE: int(1).default(100_000),
  /** The lowest rate a consultant may set, paise per minute (default Rs 1/min). */
  MIN_RATE_PER_MINUTE: int(1).default(100),
  /** `required`: a new consultant waits for an admin's approval before being listed or requested; `automatic` approves at sign-up. */
  CONSULTANT_APPROVAL: z.enum(['required', 'automatic']).default('required'),
  ICE_SERVERS: iceServers.default([]),
  RATE_LIMIT_AUTH_PER_MINUTE: int(1).default(20),
  RATE_LIMIT_TOPUP_PER_MINUTE: int(1).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED: flag.optional(),
  WEB_DEMO_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../web-demo', import.meta.url))),
  SHUTDOWN_GRACE_MS: int(0).default(10_000),
});

/** Where the host keeps its data. */
export type StoreKind = 'pglite' | 'postgres' | 'mongodb' | 'memory';

/** The host's validated configuration. */
export interface HostConfig {
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
  readonly store: StoreKind;
  readonly databaseUrl: string | undefined;
  readonly mongoUri: string | undefined;
  readonly mongoDb: string;
  readonly dataDir: string;
  /** How often the embedded PGlite is vacuumed, analyzed and kept from transaction-id wraparound; `0`: never. */
  readonly pgliteMaintenanceMinutes: number;
  readonly redisUrl: string | undefined;
  readonly jwtSecret: string;
  /** Where top-ups are paid, with its credentials (never logged). */
  readonly payments: PaymentProviderConfig;
  readonly payoutProvider: PayoutProviderKind;
  /** With `payoutProvider: 'razorpayx'`: its credentials and account (never logged); `null` otherwise. */
  readonly razorpayx: RazorpayXConfig | null;
  /** The seller, GST rate and number series of invoices and credit notes. */
  readonly invoicing: InvoicingConfig;
  /** The SMTP server emails go through, with its credentials (never logged); `null`: no email is sent. */
  readonly mail: MailConfig | null;
  readonly engineId: string;
  readonly tickSeconds: number;
  /** Seconds between record writes inside a billing interval; `null`: none (see the billing engine's `checkpointSeconds`). */
  readonly checkpointSeconds: number | null;
  readonly commissionBps: number;
  readonly minStartBalanceSeconds: number;
  readonly lowBalanceSeconds: number;
  readonly pauseGraceMs: number;
  readonly disconnectGraceMs: number;
  readonly contactInfoPolicy: 'redact' | 'reject' | 'off';
  readonly requestTimeoutMs: number;
  readonly leaseTtlMs: number;
  readonly takeoverScanMs: number;
  readonly minPayout: number;
  /** The time zone the admin analytics' days are in (`ANALYTICS_TIME_ZONE`). */
  readonly analyticsTimeZone: string;
  readonly maxTopUp: number;
  readonly maxRatePerMinute: number;
  /** The lowest rate a consultant may set (`MIN_RATE_PER_MINUTE`). */
  readonly minRatePerMinute: number;
  /** Whether new consultants wait for an admin (`CONSULTANT_APPROVAL`). */
  readonly consultantApproval: 'required' | 'automatic';
  readonly iceServers: z.output<typeof iceServers>;
  readonly rateLimitAuthPerMinute: number;
  readonly rateLimitTopUpPerMinute: number;
  readonly logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
  readonly seed: boolean;
  readonly webDemoDir: string;
  readonly shutdownGraceMs: number;
  /** Free first minutes (platform and consultants' promotions) and the waitlist's offers. */
  readonly waitlist: WaitlistSettings;
  /** Where `/metrics` is served and the token it asks for; `null`: metrics are off. */
  readonly metrics: MetricsSettings | null;
  /** The TURN service calls get fresh credentials for (its secret: never logged), and the ICE transport policy. */
  readonly callRouting: CallRouting;
  /** The reverse proxies whose `X-Forwarded-For` is believed (`TRUST_PROXY`), and the origins allowed by CORS. */
  readonly proxy: ProxySettings;
}

/** Whether the configuration signs with a public demo secret (only `DEMO=true` allows it). */
export function usesDemoSecrets(config: Pick<HostConfig, 'jwtSecret' | 'payments'>): boolean {
  const { payments } = config;
  const demoWebhook = payments.provider === 'simulated' && payments.webhookSecret === DEMO_WEBHOOK_SECRET;
  return config.jwtSecret === DEMO_JWT_SECRET || demoWebhook;
}

function realSecret(variable: string, value: string | undefined, demoValue: string): string {
  if (!value) throw new ConfigError(variable, `is required ${OUTSIDE_DEMO}`);
  if (value === demoValue) throw new ConfigError(variable, `is the public demo secret, refused ${OUTSIDE_DEMO}`);
  return value;
}

/**
 * The signing secrets and payment providers: the demo's where `DEMO=true`
 * leaves them unset; a real JWT secret and a real provider, required, otherwise.
 */
function secretsOf(
  e: z.output<typeof envSchema>,
): Pick<HostConfig, 'jwtSecret' | 'payments' | 'payoutProvider' | 'razorpayx'> {
  const jwtSecret = e.DEMO
    ? (e.JWT_SECRET ?? DEMO_JWT_SECRET)
    : realSecret('JWT_SECRET', e.JWT_SECRET, DEMO_JWT_SECRET);
  return { jwtSecret, ...paymentsOf(e, e.DEMO), ...payoutsOf(e, e.DEMO) };
}

/** Reads and validates the host configuration from `env`; throws {@link ConfigError} naming the variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): HostConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
  }
  const e = parsed.data;
  const demo = e.DEMO;
  const host = e.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0');
  const secrets = secretsOf(e);
  // Anyone who can reach the host could sign tokens (an admin's too) with a published secret.
  if (demo && usesDemoSecrets(secrets) && !isLoopback(host)) {
    throw new ConfigError(
      'HOST',
      `${host} is reachable from the network while DEMO=true uses the public demo secrets: listen on 127.0.0.1, or set your own JWT_SECRET and PAYMENT_WEBHOOK_SECRET`,
    );
  }
  if (e.CHECKPOINT_SECONDS !== undefined && e.CHECKPOINT_SECONDS >= e.TICK_SECONDS)
    throw new ConfigError('CHECKPOINT_SECONDS', `must be shorter than TICK_SECONDS (${e.TICK_SECONDS})`);
  if (e.MIN_RATE_PER_MINUTE > e.MAX_RATE_PER_MINUTE)
    throw new ConfigError('MIN_RATE_PER_MINUTE', `is above MAX_RATE_PER_MINUTE (${e.MAX_RATE_PER_MINUTE})`);
  if (!demo && e.SEED)
    throw new ConfigError('SEED', `would create the demo accounts and their published password ${OUTSIDE_DEMO}`);
  const invoicing = invoicingOf(e, demo);
  const store: StoreKind = e.STORE ?? (e.DATABASE_URL ? 'postgres' : e.MONGODB_URI ? 'mongodb' : 'pglite');
  if (store === 'postgres' && !e.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required with STORE=postgres');
  if (store === 'mongodb' && !e.MONGODB_URI) throw new ConfigError('MONGODB_URI', 'is required with STORE=mongodb');
  return {
    port: e.PORT,
    host,
    demo,
    store,
    databaseUrl: e.DATABASE_URL,
    mongoUri: e.MONGODB_URI,
    mongoDb: e.MONGODB_DB,
    dataDir: e.DATA_DIR,
    pgliteMaintenanceMinutes: e.PGLITE_MAINTENANCE_MINUTES,
    redisUrl: e.REDIS_URL,
    ...secrets,
    invoicing,
    ...mailOf(e, demo),
    // Stable across restarts, so `restore()` resumes this process's sessions at once.
    engineId: e.ENGINE_ID ?? `${hostname()}:${e.PORT}`,
    tickSeconds: e.TICK_SECONDS,
    checkpointSeconds: e.CHECKPOINT_SECONDS ?? null,
    commissionBps: e.COMMISSION_BPS,
    minStartBalanceSeconds: e.MIN_START_BALANCE_SECONDS,
    lowBalanceSeconds: e.LOW_BALANCE_SECONDS,
    pauseGraceMs: e.PAUSE_GRACE_SECONDS * 1000,
    disconnectGraceMs: e.DISCONNECT_GRACE_SECONDS * 1000,
    contactInfoPolicy: e.CONTACT_INFO_POLICY,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    leaseTtlMs: e.LEASE_TTL_MS,
    takeoverScanMs: e.TAKEOVER_SCAN_MS,
    minPayout: e.MIN_PAYOUT,
    analyticsTimeZone: e.ANALYTICS_TIME_ZONE,
    maxTopUp: e.MAX_TOP_UP,
    maxRatePerMinute: e.MAX_RATE_PER_MINUTE,
    minRatePerMinute: e.MIN_RATE_PER_MINUTE,
    consultantApproval: e.CONSULTANT_APPROVAL,
    iceServers: e.ICE_SERVERS,
    rateLimitAuthPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
    rateLimitTopUpPerMinute: e.RATE_LIMIT_TOPUP_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    seed: e.SEED ?? demo,
    webDemoDir: e.WEB_DEMO_DIR,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    ...waitlistSettingsOf(e),
    ...metricsOf(e, demo, { host, port: e.PORT }),
    ...callRoutingOf(e, { demo, host, loopback: isLoopback(host) }),
    ...proxySettingsOf(e, demo),
  };
}
