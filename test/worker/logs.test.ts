/**
 * Logs carry ids, codes and request ids — never bound parameters, bodies or
 * SQL — and, in production, never a login code. The log lines are captured
 * from the console of this isolate, where the app and the consumer run.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app.ts";
import { users } from "../../src/db/schema/index.ts";
import type { AppEnv } from "../../src/env.ts";
import { consumeEvents } from "../../src/events/consumer.ts";
import { database } from "../../src/http/database.ts";
import { onError } from "../../src/http/errors.ts";
import { randomIp, register } from "./helpers.ts";

let lines: string[] = [];

beforeEach(() => {
  lines = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A tiny app with Curbside's own database middleware and error handler around `handler`. */
function appRunning(handler: (db: ReturnType<AppEnv["Variables"]["db"]>) => Promise<unknown>) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("requestId", "log-test");
    await next();
  });
  app.use(database());
  app.get("/", async (c) => c.json(await handler(c.var.db())));
  app.onError(onError);
  return app;
}

async function run(app: Hono<AppEnv>) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request("http://curbside.test/"), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("a failing query", () => {
  it("is logged with its Postgres code and constraint, never its SQL or bound parameters", async () => {
    const taken = await register("rider");
    const secretName = `Secret Name ${crypto.randomUUID()}`;
    const res = await run(
      appRunning((db) => db.insert(users).values({ email: taken.email, name: secretName, role: "rider" }).returning()),
    );
    expect(res.status).toBe(409);
    const logged = lines.join("\n");
    expect(lines.length).toBeGreaterThan(0);
    const line = JSON.parse(lines.find((l) => l.includes('"request_id":"log-test"')) ?? "{}");
    expect(line).toMatchObject({ error_code: "23505", constraint: "users_email_key", request_id: "log-test" });
    expect(logged).not.toContain(secretName);
    expect(logged).not.toContain(taken.email);
    expect(logged.toLowerCase()).not.toContain("insert into");
    expect(logged).not.toMatch(/params:/i);
  });

  it("whose value Postgres quotes in its message is logged without that value", async () => {
    const address = `Flat 7, Baker Street ${crypto.randomUUID()}`;
    const res = await run(appRunning((db) => db.execute(sql`select ${address}::uuid`)));
    expect(res.status).toBe(400);
    const line = JSON.parse(lines.find((l) => l.includes('"request_id":"log-test"')) ?? "{}");
    expect(line).toMatchObject({ error_code: "22P02", error_name: "DrizzleQueryError" });
    expect(lines.join("\n")).not.toContain("Baker Street");
  });
});

describe("the events consumer", () => {
  it("logs an event it cannot write by id and code, not by its payload", async () => {
    const address = `Flat 7, Baker Street ${crypto.randomUUID()} \ud800`;
    const batch = createMessageBatch("curbside-events", [
      {
        id: `msg-${crypto.randomUUID()}`,
        timestamp: new Date(),
        attempts: 1,
        body: {
          id: crypto.randomUUID(),
          type: "ride.status_changed",
          subject_id: crypto.randomUUID(),
          seq: 1,
          occurred_at: new Date().toISOString(),
          payload: { pickup_address: address },
        },
      },
    ]);
    await consumeEvents(batch, env);
    const logged = lines.join("\n");
    expect(logged).toContain("events.dead_lettered");
    expect(logged).not.toContain("Baker Street");
    expect(logged.toLowerCase()).not.toContain("insert into");
  });
});

describe("login codes", () => {
  async function sendCode(environment: string) {
    const phone = `9${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request("http://curbside.test/v1/auth/otp/send", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": randomIp(), "x-request-id": "otp-log-test" },
        body: JSON.stringify({ phone, country_code: "+91", role: "rider" }),
      }),
      { ...env, ENVIRONMENT: environment },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    return { phone, body: (await res.json()) as { dev_code?: string } };
  }

  it("are in the log outside production, where developers read them", async () => {
    const { body } = await sendCode("development");
    expect(body.dev_code).toMatch(/^\d{6}$/);
    expect(lines.join("\n")).toContain(body.dev_code);
  });

  it("never appear in any log line in production, nor does the whole phone number", async () => {
    const { phone, body } = await sendCode("production");
    expect(body.dev_code).toBeUndefined();
    const logged = lines.join("\n");
    expect(logged).toContain("sms.not_sent");
    expect(logged).not.toMatch(/(?<!\d)\d{6}(?!\d)/);
    expect(logged).not.toContain(phone);
  });
});
