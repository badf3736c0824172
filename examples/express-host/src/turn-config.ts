import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { OUTSIDE_DEMO } from './payment-config.js';

/** The TURN secret demo mode uses when `TURN_SECRET` is unset. Public (it is in this file), so never accepted with `DEMO=false`. */
export const DEMO_TURN_SECRET = 'demo-only-turn-secret-change-me-0123456789';

/** The shortest TURN secret production takes: whoever knows it can relay through the TURN server. */
const MIN_SECRET_LENGTH = 32;

/** One `turn:` or `turns:` URL (RFC 7065): a host or bracketed IPv6, an optional port and transport. */
const turnUrl = /^turns?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?(?:\?transport=(?:udp|tcp))?$/;

/** `TURN_URLS`: comma-separated `turn:`/`turns:` URLs of one TURN service sharing one secret. */
const turnUrls = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
  )
  .pipe(
    z
      .array(z.string().regex(turnUrl, 'must be turn: or turns: URLs such as turn:turn.example.com:3478?transport=udp'))
      .min(1, 'must list at least one turn: or turns: URL'),
  );

/** The TURN settings in the environment (merged into the host's `envSchema`); all optional. */
export const turnEnvShape = {
  /** The TURN server's URLs; with them, each call gets fresh credentials for it. */
  TURN_URLS: turnUrls.optional(),
  /** The TURN server's shared secret (coturn's `static-auth-secret`). Secret: never logged. */
  TURN_SECRET: z.string().min(1).optional(),
  /** How long the credentials of one call setup stay valid (a call keeps its relay past it; a rejoin gets new ones). */
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
  /** `relay`: calls connect only through a TURN relay (never exposing a participant's address); `all`: directly when they can. */
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
} as const;

type TurnEnv = { [K in keyof typeof turnEnvShape]?: z.output<(typeof turnEnvShape)[K]> };

/** The TURN server calls relay through. Secret: `secret` signs credentials; never log this object. */
export interface TurnConfig {
  /** `TURN_URLS`. */
  readonly urls: readonly string[];
  /** `TURN_SECRET`, shared with the TURN server. */
  readonly secret: string;
  /** How long one call setup's credentials are valid, in seconds. */
  readonly ttlSeconds: number;
}

/** How calls find their way: the TURN service, if any, and whether only relayed routes are tried. */
export interface CallRouting {
  /** The TURN service credentials are issued for; `null` without `TURN_URLS`. */
  readonly turn: TurnConfig | null;
  /** Passed to every `RTCPeerConnection` (`ICE_TRANSPORT_POLICY`). */
  readonly iceTransportPolicy: 'all' | 'relay';
}

/** Whether any of the static ICE servers is a TURN server (a relay, with its own fixed credentials). */
function hasStaticRelay(iceServers: readonly { urls: string | readonly string[] }[]): boolean {
  return iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
}

function secretOf(e: TurnEnv, demo: boolean): string {
  if (demo) return e.TURN_SECRET ?? DEMO_TURN_SECRET;
  if (!e.TURN_SECRET) throw new ConfigError('TURN_SECRET', `is required with TURN_URLS ${OUTSIDE_DEMO}`);
  if (e.TURN_SECRET === DEMO_TURN_SECRET)
    throw new ConfigError('TURN_SECRET', `is the public demo secret, refused ${OUTSIDE_DEMO}`);
  if (e.TURN_SECRET.length < MIN_SECRET_LENGTH)
    throw new ConfigError('TURN_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters ${OUTSIDE_DEMO}`);
  return e.TURN_SECRET;
}

/**
 * The call routing settings. Outside demo mode a TURN service needs a real secret of its own;
 * in demo mode the public demo secret may sign credentials only on a loopback address, like the
 * other demo secrets. A relay-only policy needs a relay to use.
 */
export function callRoutingOf(
  e: TurnEnv & { ICE_SERVERS: readonly { urls: string | readonly string[] }[] },
  mode: { readonly demo: boolean; readonly host: string; readonly loopback: boolean },
): { callRouting: CallRouting } {
  const iceTransportPolicy = e.ICE_TRANSPORT_POLICY ?? 'all';
  if (!e.TURN_URLS) {
    if (e.TURN_SECRET) throw new ConfigError('TURN_URLS', 'is required with TURN_SECRET: it names the TURN server');
    if (iceTransportPolicy === 'relay' && !hasStaticRelay(e.ICE_SERVERS))
      throw new ConfigError('ICE_TRANSPORT_POLICY', 'relay needs TURN_URLS (or a turn: server in ICE_SERVERS)');
    return { callRouting: { turn: null, iceTransportPolicy } };
  }
  const secret = secretOf(e, mode.demo);
  // Anyone who can reach the host could mint relay credentials with the published secret.
  if (secret === DEMO_TURN_SECRET && !mode.loopback) {
    throw new ConfigError(
      'HOST',
      `${mode.host} is reachable from the network while DEMO=true signs TURN credentials with the public demo secret: listen on 127.0.0.1, or set your own TURN_SECRET`,
    );
  }
  return {
    callRouting: {
      turn: { urls: e.TURN_URLS, secret, ttlSeconds: e.TURN_TTL_SECONDS ?? 3_600 },
      iceTransportPolicy,
    },
  };
}
