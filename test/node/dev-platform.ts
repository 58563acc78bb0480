/**
 * The platform as a browser meets it, for the console's browser test:
 * `wrangler dev` on a free loopback port, serving the Worker, the actors and
 * the static assets (public/admin, built by the tests' global set-up), on
 * the tests' database and Stripe stand-in. Its state lives in a temporary
 * folder removed at stop. Also: accounts and a driver's socket over the
 * public API, as apps would do it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { waitForOk } from "../../scripts/lib/wait.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface DevPlatform {
  base: string;
  /** What wrangler printed (shown when a test fails). */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startDevPlatform(
  db: { url: string; proxy: string },
  stripeApiBase: string,
): Promise<DevPlatform> {
  const [port, inspector] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), "curbside-console-"));
  const vars: Record<string, string> = {
    DATABASE_URL: db.url,
    DB_PROXY: db.proxy,
    ENVIRONMENT: "test",
    JWT_SIGNING_KEYS: `console-${Date.now()}:${randomBytes(32).toString("base64url")}`,
    OTP_ECHO: "true",
    STRIPE_SECRET_KEY: "sk_test_curbside",
    STRIPE_PUBLISHABLE_KEY: "pk_test_curbside",
    STRIPE_WEBHOOK_SECRET: "whsec_curbside_test",
    STRIPE_API_BASE: stripeApiBase,
  };
  const args = [
    `${ROOT}node_modules/wrangler/bin/wrangler.js`,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--persist-to",
    state,
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  let log = "";
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1" },
    detached: true,
  });
  child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      alive = false;
      resolve();
    }),
  );
  const stop = async () => {
    // wrangler starts workerd as its child: stop the whole group.
    if (alive && child.pid) process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (alive && child.pid) process.kill(-child.pid, "SIGKILL");
    rmSync(state, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${base}/health`, 120_000, () => alive);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${log.slice(-4000)}`);
  }
  return { base, output: () => log, stop };
}

export interface Account {
  id: string;
  access_token: string;
}

/** A JSON call to the platform; throws on a non-2xx answer. */
export async function call<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      "cf-connecting-ip": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function register(base: string, role: "rider" | "driver", name: string): Promise<Account> {
  const email = `${role}-${randomBytes(6).toString("hex")}@example.test`;
  const body = { email, password: "correct horse", name, role };
  const out = await call<{ user: { id: string }; access_token: string }>(
    base,
    "POST",
    "/v1/auth/register",
    undefined,
    body,
  );
  return { id: out.user.id, access_token: out.access_token };
}

/** A driver's socket from Node, read in order. */
export class DriverSocket {
  readonly ws: WebSocket;
  private readonly frames: { type: string; [key: string]: unknown }[] = [];
  private wake: (() => void) | null = null;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)));
      this.wake?.();
    });
  }

  static async open(base: string, token: string, at: { lat: number; lng: number }): Promise<DriverSocket> {
    const url = `${base.replace("http", "ws")}/v1/ws/driver?lat=${at.lat}&lng=${at.lng}&token=${token}`;
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new DriverSocket(ws);
  }

  /** Waits for a frame of this type (earlier frames of other types are skipped). */
  async nextOf(type: string, timeoutMs = 15_000): Promise<{ type: string; [key: string]: unknown }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type);
      if (i >= 0) return this.frames.splice(0, i + 1).at(-1) as { type: string };
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, left);
      });
    }
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.close(1000, "bye");
  }
}
