/**
 * Phone one-time codes: 6 digits, stored as a SHA-256 salted with the
 * challenge id, valid 5 minutes, 5 attempts; a used code cannot be used again.
 */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { otpChallenges } from "../db/schema/index.ts";
import { sha256Hex } from "./encoding.ts";
import type { Role } from "./tokens.ts";

export const OTP_TTL_S = 5 * 60;
export const OTP_MAX_ATTEMPTS = 5;

/** A uniformly random 6-digit code (rejection sampling, no modulo bias). */
export function randomCode(): string {
  const limit = 4_294_000_000; // largest multiple of 1,000,000 below 2^32
  for (;;) {
    const [n] = crypto.getRandomValues(new Uint32Array(1));
    if (n !== undefined && n < limit) return String(n % 1_000_000).padStart(6, "0");
  }
}

const hashCode = (challengeId: string, code: string) => sha256Hex(`${challengeId}:${code}`);

export async function createChallenge(
  db: Database,
  input: { phone: string; role: Role; ip: string },
): Promise<{ id: string; code: string; expiresIn: number }> {
  const id = crypto.randomUUID();
  const code = randomCode();
  await db.insert(otpChallenges).values({
    id,
    phone: input.phone,
    role: input.role,
    codeHash: await hashCode(id, code),
    maxAttempts: OTP_MAX_ATTEMPTS,
    expiresAt: new Date(Date.now() + OTP_TTL_S * 1000),
    requestIp: input.ip,
  });
  return { id, code, expiresIn: OTP_TTL_S };
}

export type VerifyOtpResult =
  | { ok: true; phone: string; role: Role }
  | { ok: false; reason: "not_found" | "expired" | "used" | "locked" }
  | { ok: false; reason: "wrong_code"; attemptsLeft: number };

export async function verifyChallenge(
  db: Database,
  id: string,
  code: string,
  now = new Date(),
): Promise<VerifyOtpResult> {
  const [row] = await db.select().from(otpChallenges).where(eq(otpChallenges.id, id));
  if (!row) return { ok: false, reason: "not_found" };
  if (row.consumedAt) return { ok: false, reason: "used" };
  if (row.attempts >= row.maxAttempts) return { ok: false, reason: "locked" };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  if ((await hashCode(id, code)) !== row.codeHash) {
    // Count the attempt atomically: concurrent guesses cannot exceed the limit.
    const [counted] = await db
      .update(otpChallenges)
      .set({ attempts: sql`${otpChallenges.attempts} + 1` })
      .where(and(eq(otpChallenges.id, id), lt(otpChallenges.attempts, otpChallenges.maxAttempts)))
      .returning({ attempts: otpChallenges.attempts, maxAttempts: otpChallenges.maxAttempts });
    if (!counted) return { ok: false, reason: "locked" };
    const attemptsLeft = counted.maxAttempts - counted.attempts;
    return attemptsLeft > 0 ? { ok: false, reason: "wrong_code", attemptsLeft } : { ok: false, reason: "locked" };
  }
  const [consumed] = await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(otpChallenges.id, id),
        isNull(otpChallenges.consumedAt),
        lt(otpChallenges.attempts, otpChallenges.maxAttempts),
      ),
    )
    .returning({ phone: otpChallenges.phone, role: otpChallenges.role });
  if (!consumed) return { ok: false, reason: "used" };
  return { ok: true, phone: consumed.phone, role: consumed.role };
}
