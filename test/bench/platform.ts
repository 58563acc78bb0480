/**
 * Curbside's own bundle on workerd (Miniflare, not `wrangler dev`), with the
 * benchmark gateway (cell-gateway.ts) beside it in the same runtime: what
 * `npm run bench` measures against. The gateway also carries the trivial
 * JSON route, the runtime's ceiling on this machine.
 */
import { spawn } from "node:child_process";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import pg from "pg";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { build, ROOT } from "./bundle.ts";

export interface Platform {
  mf: Miniflare;
  /** Curbside's Worker. */
  api: URL;
  /** The benchmark gateway: /ping, /adopt, /drive… */
  gateway: URL;
  /** Errors the Worker logged since it started. */
  errors: string[];
}

export interface Scripts {
  curbside: string;
  gateway: string;
}

/** Bundles the project (wrangler's own build of wrangler.toml) and the gateway. */
export function buildScripts(): Scripts {
  return {
    curbside: build(`${ROOT}wrangler.toml`, `${ROOT}.bench/curbside`),
    gateway: build(`${ROOT}test/bench/gateway.wrangler.toml`, `${ROOT}.bench/gateway`),
  };
}

/**
 * Starts both Workers; `bindings` adds to (or overrides) Curbside's own, e.g.
 * the Stripe stand-in's keys; `inspectorPort` opens V8's inspector (for a CPU
 * profile, cpu-profile.ts).
 */
export async function startPlatform(
  scripts: Scripts,
  db: { url: string; proxy: string },
  signingKeys: string,
  bindings: Record<string, string> = {},
  options: { inspectorPort?: number } = {},
): Promise<Platform> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${ROOT}wrangler.toml`);
  const errors: string[] = [];
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      // The Worker still writes its log line per request, as in production; the bench does not print them.
      handleStructuredLogs: (log: { level: string; message: string }) => {
        if (log.level === "error") errors.push(log.message);
      },
      ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
      workers: [
        {
          name: "curbside",
          modules: true,
          scriptPath: scripts.curbside,
          compatibilityDate: workerOptions.compatibilityDate,
          compatibilityFlags: workerOptions.compatibilityFlags,
          durableObjects: workerOptions.durableObjects,
          queueProducers: workerOptions.queueProducers,
          queueConsumers: workerOptions.queueConsumers,
          r2Buckets: workerOptions.r2Buckets,
          bindings: {
            ...(workerOptions.bindings ?? {}),
            DATABASE_URL: db.url,
            DB_PROXY: db.proxy,
            JWT_SIGNING_KEYS: signingKeys,
            ...bindings,
          },
          unsafeDirectSockets: [{}],
        },
        {
          name: "gateway",
          modules: true,
          scriptPath: scripts.gateway,
          compatibilityDate: "2026-11-01",
          compatibilityFlags: ["nodejs_compat"],
          durableObjects: { CELL: { className: "CellActor", scriptName: "curbside" } },
          unsafeDirectSockets: [{}],
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  return {
    mf,
    api: await mf.unsafeGetDirectURL("curbside"),
    gateway: await mf.unsafeGetDirectURL("gateway"),
    errors,
  };
}

/** Signs accounts in through the public API, as their apps would (each from its own address): their access tokens. */
export async function signIn(p: Platform, emails: string[], password: string): Promise<string[]> {
  const tokens: string[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (i < emails.length) {
        const n = i++;
        const res = await fetch(new URL("v1/auth/login", p.api), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "cf-connecting-ip": `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
          },
          body: JSON.stringify({ email: emails[n], password }),
        });
        if (!res.ok) throw new Error(`signing in ${emails[n]} failed: ${res.status} ${await res.text()}`);
        tokens.push(((await res.json()) as { access_token: string }).access_token);
      }
    }),
  );
  return tokens;
}

/**
 * DATABASE_URL when set, else the local server's database `name`, created
 * when missing (or the reason there is none).
 */
export async function benchDatabaseUrl(name: string): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
  try {
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => {});
  }
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** A driver to place in its cell, the way a handoff does (no socket). */
export interface PlacedDriver {
  id: string;
  lat: number;
  lng: number;
  cell: string;
}

/** Places drivers in their cells through the gateway's `adopt`, by class. */
export async function placeDrivers(p: Platform, drivers: PlacedDriver[], vehicleClass: string): Promise<void> {
  for (let i = 0; i < drivers.length; i += 10_000) {
    const res = await fetch(new URL("adopt", p.gateway), {
      method: "POST",
      body: JSON.stringify({ drivers: drivers.slice(i, i + 10_000), vehicleClass }),
    });
    if (!res.ok) throw new Error(`placing drivers failed: ${res.status} ${await res.text()}`);
  }
}

export interface BenchDatabase {
  url: string;
  proxy: string;
  stop(): Promise<void>;
}

/**
 * Starts the platform's database (embedded, or the PostgreSQL at `url`) with
 * its Neon proxy and the demo data in a child process (database-process.ts):
 * the embedded database and the proxy must not wait behind the load
 * generator's event loop.
 */
export async function startDatabaseProcess(url?: string): Promise<BenchDatabase> {
  const child = spawn(process.execPath, [`${ROOT}test/bench/database-process.ts`], {
    env: { ...process.env, DATABASE_URL: url ?? "" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<{ url: string; proxy: string }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line) as { url: string; proxy: string });
    });
    child.once("exit", (code) => reject(new Error(`the database process exited with ${code}`)));
  });
  return {
    ...ready,
    stop: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill("SIGKILL");
    },
  };
}
