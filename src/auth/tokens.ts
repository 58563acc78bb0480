/**
 * Access tokens: short-lived JWTs (HS256, jose) carrying the user id and
 * role, signed with the first key of JWT_SIGNING_KEYS and verified against
 * any of them, picked by the `kid` header, so keys can rotate: add a new key
 * first, keep the old one until its last token has expired (15 min), then
 * drop it.
 *
 * Refresh tokens are opaque: `<id>.<secret>`; only the secret's SHA-256 is
 * stored (see db/schema/auth.ts and auth/sessions.ts).
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { base64UrlDecode } from "./encoding.ts";

export type Role = "rider" | "driver" | "owner" | "admin";

export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
const ISSUER = "curbside";
const AUDIENCE = "curbside-api";

interface SigningKey {
  kid: string;
  key: Uint8Array;
  /** The key imported once for HMAC (importing it per token costs more than the check itself). */
  hmac?: CryptoKey;
}

async function hmacKey(k: SigningKey): Promise<CryptoKey> {
  k.hmac ??= await crypto.subtle.importKey("raw", new Uint8Array(k.key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  return k.hmac;
}

let cached: { source: string; keys: SigningKey[] } | undefined;

/**
 * Parses JWT_SIGNING_KEYS: `kid:secret[,kid:secret…]`, secrets base64url of
 * at least 32 bytes; the first key signs.
 */
export function signingKeys(source: string | undefined): SigningKey[] {
  if (!source) throw new Error("JWT_SIGNING_KEYS is not set");
  if (cached?.source === source) return cached.keys;
  const keys = source.split(",").map((entry) => {
    const at = entry.indexOf(":");
    const kid = entry.slice(0, at).trim();
    const key = base64UrlDecode(entry.slice(at + 1).trim());
    if (at <= 0 || key.length < 32) throw new Error(`JWT_SIGNING_KEYS entry "${kid}" needs kid:secret with 32+ bytes`);
    return { kid, key };
  });
  cached = { source, keys };
  return keys;
}

export interface AccessClaims {
  userId: string;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export async function signAccessToken(
  user: { id: string; role: Role },
  keysSource: string | undefined,
  now = Date.now(),
): Promise<string> {
  const [first] = signingKeys(keysSource);
  if (!first) throw new Error("no signing key");
  const iat = Math.floor(now / 1000);
  return new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: "HS256", kid: first.kid, typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
    .setJti(crypto.randomUUID())
    .sign(await hmacKey(first));
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: "expired" | "invalid" };

const ROLES = new Set<string>(["rider", "driver", "owner", "admin"]);

/**
 * Tokens this isolate has verified, until they expire: an app sends the same
 * token with every request for 15 minutes, and checking it once is enough
 * (access tokens cannot be revoked before expiry anyway). Emptied when the
 * keys change, so a dropped key stops verifying at once.
 */
const verified = { keys: "", claims: new Map<string, AccessClaims>() };
const MAX_VERIFIED = 10_000;

export async function verifyAccessToken(token: string, keysSource: string | undefined): Promise<VerifyResult> {
  const keys = signingKeys(keysSource);
  if (verified.keys !== keysSource) {
    verified.keys = keysSource ?? "";
    verified.claims.clear();
  }
  const known = verified.claims.get(token);
  if (known) {
    if (known.exp * 1000 > Date.now()) return { ok: true, claims: known };
    verified.claims.delete(token);
  }
  const result = await verifyAccessTokenOnce(token, keys);
  if (result.ok) {
    if (verified.claims.size >= MAX_VERIFIED) verified.claims.clear();
    verified.claims.set(token, result.claims);
  }
  return result;
}

async function verifyAccessTokenOnce(token: string, keys: SigningKey[]): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const match = keys.find((k) => k.kid === header.kid);
        if (!match) throw new errors.JWKSNoMatchingKey();
        return hmacKey(match);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] },
    );
    const role = payload.role;
    if (typeof payload.sub !== "string" || typeof role !== "string" || !ROLES.has(role) || !payload.exp) {
      return { ok: false, reason: "invalid" };
    }
    return { ok: true, claims: { userId: payload.sub, role: role as Role, exp: payload.exp } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
