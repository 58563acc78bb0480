/**
 * Sessions: an access token plus a rotating refresh token. `startSession`
 * opens a family; `rotateSession` spends one refresh token for the next
 * pair; a refresh token presented twice revokes its whole family.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { refreshTokens, users } from "../db/schema/index.ts";
import { randomSecret, sha256Hex } from "./encoding.ts";
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, type Role, signAccessToken } from "./tokens.ts";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Serializes everything that touches one family (spending a token, issuing
 * the next, revoking): otherwise a token issued by a refresh racing a reuse
 * could be inserted after the family was revoked and stay alive.
 */
async function lockFamily(tx: Tx, familyId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${familyId}))`);
}

async function issue(
  db: Database | Tx,
  user: { id: string; role: Role },
  familyId: string,
  keys: string | undefined,
): Promise<TokenPair> {
  const id = crypto.randomUUID();
  const secret = randomSecret();
  await db.insert(refreshTokens).values({
    id,
    familyId,
    userId: user.id,
    secretHash: await sha256Hex(secret),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_S * 1000),
  });
  return {
    access_token: await signAccessToken(user, keys),
    refresh_token: `${id}.${secret}`,
    token_type: "bearer",
    expires_in: ACCESS_TOKEN_TTL_S,
  };
}

export function startSession(db: Database, user: { id: string; role: Role }, keys: string | undefined) {
  return issue(db, user, crypto.randomUUID(), keys);
}

export type RotateResult =
  | { ok: true; tokens: TokenPair; userId: string }
  | { ok: false; reason: "invalid" | "expired" | "reused" | "revoked" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function find(db: Database, presented: string) {
  const [id, secret] = presented.split(".");
  if (!id || !secret || !UUID.test(id)) return undefined;
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.id, id));
  if (!row || row.secretHash !== (await sha256Hex(secret))) return undefined;
  return row;
}

export async function rotateSession(db: Database, presented: string, keys: string | undefined): Promise<RotateResult> {
  const row = await find(db, presented);
  if (!row) return { ok: false, reason: "invalid" };
  return db.transaction(async (tx): Promise<RotateResult> => {
    await lockFamily(tx, row.familyId);
    const [current] = await tx.select().from(refreshTokens).where(eq(refreshTokens.id, row.id));
    if (!current || current.revokedAt) return { ok: false, reason: "revoked" };
    if (current.usedAt) {
      // Presented twice: stolen or replayed. The whole family goes.
      await revokeFamilyIn(tx, row.familyId);
      return { ok: false, reason: "reused" };
    }
    const now = new Date();
    await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.id, row.id));
    if (current.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
    const [user] = await tx
      .select({ id: users.id, role: users.role, status: users.status })
      .from(users)
      .where(eq(users.id, row.userId));
    if (user?.status !== "active") {
      await revokeFamilyIn(tx, row.familyId);
      return { ok: false, reason: "revoked" };
    }
    return { ok: true, tokens: await issue(tx, user, row.familyId, keys), userId: user.id };
  });
}

async function revokeFamilyIn(tx: Tx, familyId: string): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export function revokeFamily(db: Database, familyId: string): Promise<void> {
  return db.transaction(async (tx) => {
    await lockFamily(tx, familyId);
    await revokeFamilyIn(tx, familyId);
  });
}

/** Logout: revokes the family of the presented refresh token, if it is one of ours. */
export async function endSession(db: Database, presented: string): Promise<boolean> {
  const row = await find(db, presented);
  if (!row) return false;
  await revokeFamily(db, row.familyId);
  return true;
}
