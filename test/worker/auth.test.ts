/** Email/password accounts, access tokens and rotating refresh tokens. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { RATE_RULES } from "../../src/domain/rate-limit.ts";
import { api, expectProblem, register } from "./helpers.ts";

describe("register and login", () => {
  it("registers an account and signs it in", async () => {
    const email = `Rider-${crypto.randomUUID()}@Example.test`;
    const res = await api("POST", "/v1/auth/register", {
      body: { email, password: "correct horse", name: "Riya", role: "rider", phone: "+919812345678" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown> & { user: Record<string, unknown> };
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 900 });
    expect(body.user).toMatchObject({ email: email.toLowerCase(), role: "rider", name: "Riya" });
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");

    const login = await api("POST", "/v1/auth/login", { body: { email, password: "correct horse" } });
    expect(login.status).toBe(200);
  });

  it("refuses a second account with the same email", async () => {
    const account = await register("rider");
    const res = await api("POST", "/v1/auth/register", {
      body: { email: account.email, password: "another pass", name: "X", role: "rider" },
    });
    await expectProblem(res, 409, "account_exists");
  });

  it("never lets anyone register as admin, and wants 8+ character passwords", async () => {
    const admin = await expectProblem(
      await api("POST", "/v1/auth/register", {
        body: { email: "a@example.test", password: "long enough", name: "A", role: "admin" },
      }),
      400,
      "validation_failed",
    );
    expect(admin.errors?.map((e) => e.path)).toEqual(["role"]);
    const short = await expectProblem(
      await api("POST", "/v1/auth/register", {
        body: { email: "b@example.test", password: "short", name: "B", role: "rider" },
      }),
      400,
      "validation_failed",
    );
    expect(short.errors?.map((e) => e.path)).toEqual(["password"]);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const account = await register("rider");
    const wrong = await expectProblem(
      await api("POST", "/v1/auth/login", { body: { email: account.email, password: "wrong password" } }),
      401,
      "invalid_credentials",
    );
    const unknown = await expectProblem(
      await api("POST", "/v1/auth/login", {
        body: { email: `nobody-${crypto.randomUUID()}@example.test`, password: "x" },
      }),
      401,
      "invalid_credentials",
    );
    expect(unknown.detail).toBe(wrong.detail);
  });
});

describe("access tokens", () => {
  it("lets the bearer read their account", async () => {
    const account = await register("owner");
    const res = await api("GET", "/v1/me", { token: account.access_token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: account.id, role: "owner", driver: null });
  });

  it("tells a missing, an invalid and an expired token apart", async () => {
    const account = await register("rider");
    await expectProblem(await api("GET", "/v1/me"), 401, "unauthenticated");
    await expectProblem(await api("GET", "/v1/me", { token: "not.a.jwt" }), 401, "invalid_token");
    const expired = await signAccessToken(
      { id: account.id, role: "rider" },
      env.JWT_SIGNING_KEYS,
      Date.now() - 3_600_000,
    );
    await expectProblem(await api("GET", "/v1/me", { token: expired }), 401, "token_expired");
  });

  it("still accepts tokens signed with an older key that is still listed", async () => {
    const account = await register("rider");
    const old = env.JWT_SIGNING_KEYS.split(",")[1] as string;
    const token = await signAccessToken({ id: account.id, role: "rider" }, old);
    expect((await api("GET", "/v1/me", { token })).status).toBe(200);
    const unknownKey = await signAccessToken({ id: account.id, role: "rider" }, `gone:${"A".repeat(43)}`);
    await expectProblem(await api("GET", "/v1/me", { token: unknownKey }), 401, "invalid_token");
  });
});

describe("refresh tokens", () => {
  it("rotate on every refresh", async () => {
    const account = await register("rider");
    const first = await api("POST", "/v1/auth/refresh", { body: { refresh_token: account.refresh_token } });
    expect(first.status).toBe(200);
    const next = (await first.json()) as { refresh_token: string; access_token: string };
    expect(next.refresh_token).not.toBe(account.refresh_token);
    const second = await api("POST", "/v1/auth/refresh", { body: { refresh_token: next.refresh_token } });
    expect(second.status).toBe(200);
  });

  it("revoke the whole family when a used one comes back", async () => {
    const account = await register("rider");
    const rotated = (await (
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: account.refresh_token } })
    ).json()) as { refresh_token: string };
    // The first token again: replayed or stolen.
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: account.refresh_token } }),
      401,
      "refresh_token_reused",
    );
    // Even the legitimate newest token of that family no longer works.
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: rotated.refresh_token } }),
      401,
      "refresh_token_revoked",
    );
    // A fresh login starts a new family that works.
    const login = await api("POST", "/v1/auth/login", { body: { email: account.email, password: "correct horse" } });
    const fresh = (await login.json()) as { refresh_token: string };
    expect((await api("POST", "/v1/auth/refresh", { body: { refresh_token: fresh.refresh_token } })).status).toBe(200);
  });

  it("stop working after logout", async () => {
    const account = await register("rider");
    expect((await api("POST", "/v1/auth/logout", { body: { refresh_token: account.refresh_token } })).status).toBe(204);
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: account.refresh_token } }),
      401,
      "refresh_token_revoked",
    );
  });

  it("refuse a forged token", async () => {
    const account = await register("rider");
    const [id] = account.refresh_token.split(".");
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: `${id}.forged-secret-value` } }),
      401,
      "refresh_token_invalid",
    );
  });
});

describe("rate limits on auth", () => {
  // Per address: wide, because a carrier's gateway puts thousands of phones behind one address.
  // Refreshes with a token that cannot exist are the cheapest way to spend the budget (no password work).
  const junkRefresh = { refresh_token: "not-a-session.not-a-secret" };

  it("let a carrier's worth of sign-ins through one address, then answer 429 with Retry-After", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const { limit, windowS } = RATE_RULES.authIp;
    expect(limit, "a per-address limit must be hundreds a minute").toBeGreaterThanOrEqual(300 * (windowS / 60));
    const statuses: number[] = [];
    for (let i = 0; i < limit - 1; i += 50) {
      const batch = Array.from({ length: Math.min(50, limit - 1 - i) }, () =>
        api("POST", "/v1/auth/refresh", { ip, body: junkRefresh }).then((r) => r.status),
      );
      statuses.push(...(await Promise.all(batch)));
    }
    expect(statuses.filter((s) => s !== 401)).toEqual([]);
    // The last one of the window is a real sign-in, from the same address: still allowed.
    const email = `nobody-${crypto.randomUUID()}@example.test`;
    expect((await api("POST", "/v1/auth/login", { ip, body: { email, password: "nope" } })).status).toBe(401);

    const limited = await api("POST", "/v1/auth/login", { ip, body: { email, password: "nope" } });
    const body = await expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(body.detail).toMatch(/try again/);
    // Another address is not affected.
    expect((await api("POST", "/v1/auth/login", { body: { email, password: "nope" } })).status).toBe(401);
  });

  it("stay strict per email, whichever addresses the guesses come from", async () => {
    const account = await register("rider");
    const { limit } = RATE_RULES.loginEmail;
    expect(limit).toBeLessThanOrEqual(10);
    for (let i = 0; i < limit; i++) {
      const res = await api("POST", "/v1/auth/login", { body: { email: account.email, password: `guess ${i}` } });
      expect(res.status).toBe(401);
    }
    const limited = await api("POST", "/v1/auth/login", { body: { email: account.email, password: "correct horse" } });
    await expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(60);
  });
});
