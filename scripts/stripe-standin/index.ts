/**
 * A local stand-in for Stripe's API (v1, the part Curbside uses), for
 * `npm start`, the tests and the simulator: the real `stripe` SDK, pointed
 * at it with `host`, `port` and `protocol: "http"`, cannot tell it from
 * Stripe. State lives in memory; events are signed with the webhook secret
 * and pushed to `webhookUrl` and/or pulled through `/_standin/deliveries`.
 * See README.md beside this file.
 *
 * @example
 * const standin = await startStripeStandin({ webhookSecret: "whsec_test" });
 * const stripe = new Stripe("sk_test_x", { host: "127.0.0.1", port: standin.port, protocol: "http" });
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createStandinServer, type World } from "./server.ts";
import { Store } from "./store.ts";
import { Webhooks } from "./webhooks.ts";

export interface StandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The `whsec_…` every event is signed with. */
  webhookSecret: string;
  /** When set, each event is POSTed there too (push mode). */
  webhookUrl?: string | undefined;
  /** The one secret key accepted; any `sk_test_…` when unset. */
  secretKey?: string | undefined;
  /** The one publishable key accepted (confirming intents from a phone); any `pk_test_…` when unset. */
  publishableKey?: string | undefined;
  /** Payouts turn `paid` this long after creation (default 2000 ms); null: only by the control endpoint. */
  payoutDelayMs?: number | null;
  /**
   * Where to keep the objects and balances across restarts (`npm start` keeps
   * them in .data/, beside the database that names them); in memory only when unset.
   */
  stateFile?: string | undefined;
  log?: (message: string) => void;
}

export interface Standin {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startStripeStandin(options: StandinOptions): Promise<Standin> {
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const timers = new Set<NodeJS.Timeout>();
  const webhooks = new Webhooks({ secret: options.webhookSecret, url: options.webhookUrl, log });
  const world: World = {
    store: new Store(),
    webhooks,
    baseUrl: "",
    payoutDelayMs: options.payoutDelayMs === undefined ? 2000 : options.payoutDelayMs,
    schedule(ms, task) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        task();
      }, ms);
      timers.add(timer);
    },
  };
  const stateFile = options.stateFile;
  if (stateFile && existsSync(stateFile)) world.store.load(readFileSync(stateFile, "utf8"));
  let saved = stateFile ? world.store.dump() : "";
  const save = () => {
    if (!stateFile) return;
    const state = world.store.dump();
    if (state === saved) return;
    writeFileSync(`${stateFile}.tmp`, state, { mode: 0o600 });
    renameSync(`${stateFile}.tmp`, stateFile);
    saved = state;
  };
  const saver = stateFile ? setInterval(save, 1000) : undefined;
  const server = createStandinServer(world, {
    secretKey: options.secretKey,
    publishableKey: options.publishableKey,
    log,
  });
  // The SDK (and workerd's fetch) keep connections open between calls; Node's 5 s default would close them under it.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  world.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: world.baseUrl,
    port,
    async stop() {
      clearInterval(saver);
      save();
      for (const timer of timers) clearTimeout(timer);
      await webhooks.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
