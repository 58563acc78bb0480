/**
 * The HTTP face of the stand-in, as the SDK meets Stripe's: routing of the
 * `/v1` API, authentication (a secret key; a publishable key only where a
 * phone may go, with the intent's client_secret), `Stripe-Account`,
 * idempotency keys, and Stripe's response headers (`Request-Id`,
 * `Stripe-Version`, `Idempotent-Replayed`) and error shapes. Paths under
 * `/_standin/` and the onboarding links go to control.ts, without auth.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import Stripe from "stripe";
import { handleControl, type Reply } from "./control.ts";
import { StripeApiError, unauthorized } from "./errors.ts";
import { allowOnly, decodeForm, type Params } from "./form.ts";
import { balanceRoutes } from "./resources/balance.ts";
import { chargeRoutes } from "./resources/charges.ts";
import { connectRoutes } from "./resources/connect.ts";
import { customerRoutes } from "./resources/customers.ts";
import { eventRoutes } from "./resources/events.ts";
import { SECRET_KEY_REQUIRED } from "./resources/intents.ts";
import { paymentIntentRoutes } from "./resources/payment-intents.ts";
import { paymentMethodRoutes } from "./resources/payment-methods.ts";
import { payoutRoutes } from "./resources/payouts.ts";
import { refundRoutes } from "./resources/refunds.ts";
import { setupIntentRoutes } from "./resources/setup-intents.ts";
import { transferRoutes } from "./resources/transfers.ts";
import type { Context, Route } from "./store.ts";
import { token } from "./store.ts";

/** The stand-in's state and settings, shared by every call. */
export type World = Omit<Context, "account" | "request">;

export interface ServerOptions {
  /** The one secret key accepted; any `sk_test_…` when unset. */
  secretKey?: string | undefined;
  /** The one publishable key accepted; any `pk_test_…` when unset. */
  publishableKey?: string | undefined;
  log: (message: string) => void;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const ROUTES: CompiledRoute[] = [
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...setupIntentRoutes,
  ...paymentIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...connectRoutes,
  ...transferRoutes,
  ...payoutRoutes,
  ...balanceRoutes,
  ...eventRoutes,
].map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/** What a phone's SDK sends besides the endpoint's own parameters. */
const CLIENT = ["client_secret", "use_stripe_sdk", "expected_payment_method_type", "mandate_data", "_stripe_version"];

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** A response kept for its idempotency key. */
interface Saved {
  path: string;
  fingerprint: string;
  requestId: string;
  reply: Reply;
}

export function createStandinServer(world: World, options: ServerOptions): Server {
  const api = new Api(world, options);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", world.baseUrl);
      const body = Buffer.concat(chunks).toString("utf8");
      let reply: Reply;
      try {
        reply = handleControl(world, req.method ?? "GET", url, body) ?? api.handle(req, url, body);
      } catch (error) {
        options.log(`stripe stand-in: ${req.method} ${url.pathname} failed: ${String(error)}`);
        reply = {
          status: 500,
          headers: {},
          body: JSON.stringify({ error: { type: "api_error", message: String(error) } }),
        };
      }
      res.writeHead(reply.status, {
        "content-type": "application/json",
        "cache-control": "no-cache, no-store",
        ...reply.headers,
      });
      res.end(reply.body);
    });
  });
}

class Api {
  private readonly world: World;
  private readonly options: ServerOptions;
  private readonly saved = new Map<string, Saved>();

  constructor(world: World, options: ServerOptions) {
    this.world = world;
    this.options = options;
  }

  handle(req: IncomingMessage, url: URL, body: string): Reply {
    const method = req.method ?? "GET";
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" && value !== "" ? value : undefined;
    };
    const requestId = `req_${token(14)}`;
    const account = header("stripe-account") ?? null;
    const idempotencyKey = method === "POST" ? (header("idempotency-key") ?? null) : null;
    const headers: Record<string, string> = {
      "request-id": requestId,
      "stripe-version": header("stripe-version") ?? Stripe.API_VERSION,
      ...(account ? { "stripe-account": account } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    };
    const raw = method === "POST" ? body : url.search.slice(1);
    let key = "";
    let scope = "";
    let reply: Reply;
    try {
      const params = decodeForm(raw);
      const credentials = this.authenticate(req, params);
      key = credentials.key;
      const { route, path } = this.match(method, url.pathname);
      if (credentials.publishable && !route.publishable) throw unauthorized(SECRET_KEY_REQUIRED, "secret_key_required");
      allowOnly(params, route.publishable && credentials.publishable ? [...route.params, ...CLIENT] : route.params);
      if (account && !this.world.store.accounts.has(account)) {
        throw new StripeApiError(
          403,
          "invalid_request_error",
          `The provided key '${mask(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
          { code: "account_invalid" },
        );
      }
      if (idempotencyKey) {
        scope = `${key}\u0000${account ?? ""}\u0000${idempotencyKey}`;
        const replay = this.replay(scope, url.pathname, raw, idempotencyKey);
        if (replay) return { ...replay, headers: { ...headers, ...replay.headers } };
      }
      const result = route.handle({
        ...this.world,
        params,
        path,
        account,
        publishable: credentials.publishable,
        request: { id: requestId, idempotency_key: idempotencyKey },
      });
      reply = { status: 200, headers, body: JSON.stringify(result, null, 2) };
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      reply = { status: error.status, headers, body: JSON.stringify(error.body(), null, 2) };
    }
    // As at Stripe, only a request that reached its endpoint's work is kept: not one refused by validation.
    if (scope && (reply.status === 200 || reply.status === 402)) {
      this.saved.set(scope, { path: url.pathname, fingerprint: fingerprint(raw), requestId, reply });
    }
    this.options.log(`${method} ${url.pathname} ${reply.status} ${requestId}`);
    return reply;
  }

  /** Which key the call is made with: a secret key, or a publishable one (`key` in the body, as Stripe.js sends it). */
  private authenticate(req: IncomingMessage, params: Params): { key: string; publishable: boolean } {
    const authorization = req.headers.authorization ?? "";
    let key: string | undefined;
    if (authorization.startsWith("Bearer ")) key = authorization.slice(7).trim();
    else if (authorization.startsWith("Basic ")) {
      key = Buffer.from(authorization.slice(6), "base64").toString("utf8").split(":")[0];
    } else if (typeof params.key === "string") key = params.key;
    delete params.key;
    if (!key) throw unauthorized(NO_KEY);
    const { secretKey, publishableKey } = this.options;
    if (secretKey ? key === secretKey : /^(sk|rk)_test_\w+$/.test(key)) return { key, publishable: false };
    if (publishableKey ? key === publishableKey : /^pk_test_\w+$/.test(key)) return { key, publishable: true };
    throw unauthorized(`Invalid API Key provided: ${mask(key)}`);
  }

  private match(method: string, pathname: string): { route: Route; path: Record<string, string> } {
    for (const { route, pattern, names } of ROUTES) {
      if (route.method !== method) continue;
      const found = pattern.exec(pathname);
      if (!found) continue;
      const path: Record<string, string> = {};
      names.forEach((name, i) => {
        path[name] = decodeURIComponent(found[i + 1] ?? "");
      });
      return { route, path };
    }
    throw new StripeApiError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  /** The kept reply for a repeated key, or an idempotency_error when the key was used for another request. */
  private replay(scope: string, path: string, raw: string, key: string): Reply | undefined {
    const saved = this.saved.get(scope);
    if (!saved) return undefined;
    const retry = `Try using a key other than '${key}' if you meant to execute a different request.`;
    if (saved.path !== path) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.path}' vs '${path}'). ${retry}`,
      );
    }
    if (saved.fingerprint !== fingerprint(raw)) {
      throw new StripeApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. ${retry}`,
      );
    }
    return {
      ...saved.reply,
      headers: { "idempotent-replayed": "true", "original-request": saved.requestId },
    };
  }
}

/** The parameters of a body, whatever their order. */
function fingerprint(raw: string): string {
  return raw.split("&").sort().join("&");
}

/** `sk_test_********************abcd`, as Stripe shows a key in errors. */
function mask(key: string): string {
  const prefix = key.slice(0, key.indexOf("_", 3) + 1);
  return `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}
