import { createHmac } from 'node:crypto';
import type { CallRouting, TurnConfig } from './turn-config.js';

/** One ICE server as `RTCPeerConnection` takes it. */
export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string | undefined;
  readonly credential?: string | undefined;
}

/** What a participant's browser needs to set up one call. */
export interface CallSetup {
  /** The static servers (`ICE_SERVERS`), then the TURN service with credentials of this call's own. */
  readonly iceServers: readonly IceServer[];
  /** `relay`: connect only through the TURN relay. */
  readonly iceTransportPolicy: 'all' | 'relay';
  /** When the TURN credentials stop working (ISO 8601); `null` without a TURN service. */
  readonly expiresAt: string | null;
}

/**
 * Time-limited TURN credentials (the "TURN REST API" scheme coturn checks with `use-auth-secret`):
 * username `<expiry unix seconds>:<account id>`, password base64(HMAC-SHA1(secret, username)).
 * The TURN server recomputes the password from the username, so nothing is stored and a leaked pair
 * expires by itself.
 */
export function turnCredentialFor(
  turn: Pick<TurnConfig, 'secret' | 'ttlSeconds'>,
  accountId: string,
  nowMs: number,
): { username: string; credential: string; expiresAtSeconds: number } {
  const expiresAtSeconds = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  const username = `${expiresAtSeconds}:${accountId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { username, credential, expiresAtSeconds };
}

/** The ICE servers and policy of one call setup for `accountId`, with fresh TURN credentials when a TURN service is set. */
export function callSetupFor(
  routing: CallRouting,
  staticServers: readonly IceServer[],
  accountId: string,
  nowMs: number,
): CallSetup {
  const { turn, iceTransportPolicy } = routing;
  if (!turn) return { iceServers: staticServers, iceTransportPolicy, expiresAt: null };
  const { username, credential, expiresAtSeconds } = turnCredentialFor(turn, accountId, nowMs);
  return {
    iceServers: [...staticServers, { urls: [...turn.urls], username, credential }],
    iceTransportPolicy,
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
  };
}
