import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { UserRole } from './host-store/index.js';

const SCRYPT: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash` (base64url), parameters kept for future upgrades. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a {@link hashPassword} string in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** What a token says about its bearer. */
export interface TokenClaims {
  readonly id: string;
  readonly role: UserRole;
}

/** Signs and verifies the host's HS256 JWTs. */
export interface Tokens {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token, or `null`. */
  verify(token: string): Promise<TokenClaims | null>;
}

const ISSUER = 'jyotishconnect-express-host';

/** Creates the token service for a secret; tokens last `ttl` (a jose duration, default 7 days). */
export function createTokens(secret: string, ttl = '7d'): Tokens {
  const key = new TextEncoder().encode(secret);
  return {
    sign: async ({ id, role }) =>
      await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(id)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const role = payload.role;
        if (typeof payload.sub !== 'string' || (role !== 'user' && role !== 'consultant' && role !== 'admin'))
          return null;
        return { id: payload.sub, role };
      } catch {
        return null;
      }
    },
  };
}
