import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { OUTSIDE_DEMO } from './payment-config.js';

/** The reverse proxy and cross-origin settings in the environment (merged into the host's `envSchema`). */
export const proxyEnvShape = {
  /**
   * Which peers' `X-Forwarded-For` to believe, as Express's `trust proxy` takes it: `false`, a hop
   * count (`1`: one proxy in front), or comma-separated addresses, CIDR subnets and the names
   * `loopback`, `linklocal`, `uniquelocal`. Unset: none (the peer's address is the client's).
   */
  TRUST_PROXY: z.string().trim().min(1).optional(),
  /** Comma-separated origins (`https://app.example.com`) of other sites whose pages may call the API and open `/ws`. */
  CORS_ORIGINS: z.string().trim().min(1).optional(),
} as const;

type ProxyEnv = { [K in keyof typeof proxyEnvShape]?: z.output<(typeof proxyEnvShape)[K]> } & {
  /** Where people reach the site (declared with the mail settings), read here for its origin. */
  PUBLIC_URL?: string | undefined;
};

/** What Express's `trust proxy` setting is given: no proxy, every hop, a hop count, or the proxies' addresses. */
export type TrustProxy = boolean | number | readonly string[];

/** Who the host believes and who may call it from another origin. */
export interface ProxySettings {
  /** `TRUST_PROXY`, for Express's `trust proxy`: which hops' `X-Forwarded-For` names the client. */
  readonly trustProxy: TrustProxy;
  /** `CORS_ORIGINS`: the exact origins allowed, `'*'` for any (demo mode only), empty for none. */
  readonly corsOrigins: readonly string[] | '*';
  /** The origin of `PUBLIC_URL` (the host's own site, which may open its WebSocket); `null` without it. */
  readonly publicOrigin: string | null;
}

function trustProxyOf(value: string | undefined, demo: boolean): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') {
    // Every hop trusted: req.ip is the left-most X-Forwarded-For entry, which any client writes itself.
    if (!demo)
      throw new ConfigError(
        'TRUST_PROXY',
        `true lets any client choose its own address (and rate-limit bucket) ${OUTSIDE_DEMO}: give the number of proxies in front, e.g. 1, or their addresses`,
      );
    return true;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `${value} hops is more proxies than a request passes through`);
    return hops;
  }
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    // The parser Express itself uses for this setting: what it refuses, Express would throw on later.
    proxyAddr.compile(list);
  } catch (error) {
    throw new ConfigError(
      'TRUST_PROXY',
      `${(error as Error).message}: give true, false, a hop count, or addresses/subnets such as 10.0.0.0/8, loopback`,
    );
  }
  return list;
}

function corsOriginsOf(value: string | undefined, demo: boolean): ProxySettings['corsOrigins'] {
  if (value === undefined) return [];
  if (value === '*') {
    if (!demo) throw new ConfigError('CORS_ORIGINS', `* (any site) is refused ${OUTSIDE_DEMO}: list the origins`);
    return '*';
  }
  const origins = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    // An origin is scheme, host and port only: what a browser sends in `Origin`, compared exactly.
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin)
      throw new ConfigError('CORS_ORIGINS', `${origin} is not an origin such as https://app.example.com (no path)`);
  }
  return origins;
}

/** Reads and checks `TRUST_PROXY` and `CORS_ORIGINS` (and takes `PUBLIC_URL`'s origin); throws {@link ConfigError} naming the one at fault. */
export function proxySettingsOf(e: ProxyEnv, demo: boolean): { proxy: ProxySettings } {
  return {
    proxy: {
      trustProxy: trustProxyOf(e.TRUST_PROXY, demo),
      corsOrigins: corsOriginsOf(e.CORS_ORIGINS, demo),
      publicOrigin: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null,
    },
  };
}
