/** Phone login codes: send, verify, expiry, attempts, reuse and rate limits. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { otpChallenges } from "../../src/db/schema/index.ts";
import { RATE_RULES } from "../../src/domain/rate-limit.ts";
import { api, expectProblem, randomIp, withDb } from "./helpers.ts";

function randomPhone(): string {
  return `9${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

async function send(phone: string, ip = randomIp(), role = "rider") {
  return api("POST", "/v1/auth/otp/send", { ip, body: { phone, country_code: "+91", role } });
}

async function sent(phone: string): Promise<{ otp_id: string; dev_code: string; expires_in: number }> {
  const res = await send(phone);
  expect(res.status).toBe(200);
  return (await res.json()) as { otp_id: string; dev_code: string; expires_in: number };
}

const verify = (otp_id: string, code: string) => api("POST", "/v1/auth/otp/verify", { body: { otp_id, code } });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("phone login", () => {
  it("creates the account on first login and finds it on the next", async () => {
    const phone = randomPhone();
    const first = await sent(phone);
    expect(first.expires_in).toBe(300);
    expect(first.dev_code).toMatch(/^\d{6}$/);
    const res = await verify(first.otp_id, first.dev_code);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      is_new_user: boolean;
      user: { phone: string; role: string };
      access_token: string;
    };
    expect(body.is_new_user).toBe(true);
    expect(body.user).toMatchObject({ phone: `+91${phone}`, role: "rider" });

    const again = await sent(phone);
    const second = (await (await verify(again.otp_id, again.dev_code)).json()) as {
      is_new_user: boolean;
      user: { id: string };
    };
    expect(second.is_new_user).toBe(false);
    expect((await api("GET", "/v1/me", { token: body.access_token })).status).toBe(200);
  });

  it("stores the code hashed, never in clear", async () => {
    const challenge = await sent(randomPhone());
    const [row] = await withDb(({ db }) =>
      db.select().from(otpChallenges).where(eq(otpChallenges.id, challenge.otp_id)),
    );
    expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.codeHash).not.toContain(challenge.dev_code);
  });

  it("locks after 5 wrong codes, even for the right one", async () => {
    const challenge = await sent(randomPhone());
    for (let left = 4; left >= 1; left--) {
      const body = await expectProblem(
        await verify(challenge.otp_id, wrongCode(challenge.dev_code)),
        400,
        "otp_invalid",
      );
      expect(body.detail).toContain(`${left} attempts left`);
    }
    await expectProblem(await verify(challenge.otp_id, wrongCode(challenge.dev_code)), 429, "otp_locked");
    await expectProblem(await verify(challenge.otp_id, challenge.dev_code), 429, "otp_locked");
  });

  it("expires after 5 minutes", async () => {
    const challenge = await sent(randomPhone());
    await withDb(({ db }) =>
      db
        .update(otpChallenges)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(otpChallenges.id, challenge.otp_id)),
    );
    await expectProblem(await verify(challenge.otp_id, challenge.dev_code), 410, "otp_expired");
  });

  it("works once", async () => {
    const challenge = await sent(randomPhone());
    expect((await verify(challenge.otp_id, challenge.dev_code)).status).toBe(200);
    await expectProblem(await verify(challenge.otp_id, challenge.dev_code), 410, "otp_used");
  });

  it("answers an unknown challenge with 404", async () => {
    await expectProblem(await verify(crypto.randomUUID(), "123456"), 404, "otp_not_found");
  });

  it("limits sends per phone, with Retry-After", async () => {
    const phone = randomPhone();
    for (let i = 0; i < 3; i++) expect((await send(phone)).status).toBe(200);
    const limited = await send(phone);
    await expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(500);
  });

  it("limits sends per IP across phones, widely: a carrier puts thousands of phones behind one address", async () => {
    const ip = randomIp();
    const { limit, windowS } = RATE_RULES.otpSendIp;
    expect(limit, "a per-address limit must be hundreds a minute").toBeGreaterThanOrEqual(100 * (windowS / 60));
    // Every send counts against the address, even one its phone's own limit refuses: spend the
    // address's budget on one phone (3 codes, then refusals), without sending hundreds of codes.
    const phone = randomPhone();
    const statuses: number[] = [];
    for (let i = 0; i < limit; i += 50) {
      const batch = Array.from({ length: Math.min(50, limit - i) }, () => send(phone, ip).then((r) => r.status));
      statuses.push(...(await Promise.all(batch)));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_RULES.otpSendPhone.limit);
    // A new phone behind the spent address is refused by the address's (shorter) window…
    const limited = await send(randomPhone(), ip);
    await expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(windowS);
    // …and a new phone behind another address is not.
    expect((await send(randomPhone())).status).toBe(200);
  });

  it("validates the phone and country code", async () => {
    const body = await expectProblem(
      await api("POST", "/v1/auth/otp/send", { body: { phone: "98-12", country_code: "91", role: "rider" } }),
      400,
      "validation_failed",
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["country_code", "phone"]);
  });
});
