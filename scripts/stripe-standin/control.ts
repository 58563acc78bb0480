/**
 * The stand-in's own endpoints, for tests and local runs (JSON, no auth),
 * and the pages that Stripe would host (onboarding, 3-D Secure):
 *
 *   GET  /_standin/health
 *   GET  /_standin/deliveries?object=&customer=&account=&payment_intent=&type=&duplicates=&shuffle=&seed=&signed_at=
 *   POST /_standin/config               {"webhooks":{"duplicates":n,"shuffle":bool,"seed":n},"payouts":{"delay_ms":n|null}}
 *   POST /_standin/sign                 {"body":"…","timestamp"?:unix,"secret"?:"whsec_…"}
 *   POST /_standin/connect/{acct}/complete
 *   POST /_standin/payouts/{po}/paid | /failed
 *   GET|POST /_standin/3ds/{pi_or_seti}[?result=fail]
 *   GET  /connect/onboarding/{acct}[?link=…]   (an account link's URL)
 */
import { StripeApiError } from "./errors.ts";
import { completeOnboarding, getAccount } from "./resources/connect.ts";
import { finishPaymentAuthentication } from "./resources/payment-intents.ts";
import { settlePayout } from "./resources/payouts.ts";
import { finishSetupAuthentication } from "./resources/setup-intents.ts";
import type { World } from "./server.ts";
import { type Context, found, now } from "./store.ts";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, value: unknown): Reply {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value, null, 2) };
}

function redirect(location: string): Reply {
  return { status: 302, headers: { location, "content-type": "text/plain" }, body: `Redirecting to ${location}` };
}

function refuse(message: string): Reply {
  return json(400, { error: { type: "invalid_request_error", message } });
}

/** One control request: its context, the path's captures, the query and the JSON body. */
interface ControlCall {
  world: World;
  ctx: Context;
  match: string[];
  query: URLSearchParams;
  input: Record<string, unknown>;
}

const CONTROL: [method: string, path: RegExp, handle: (call: ControlCall) => Reply][] = [
  [
    "GET",
    /^\/_standin\/health$/,
    ({ world }) => json(200, { ok: true, url: world.baseUrl, events: world.webhooks.events.length }),
  ],
  ["GET", /^\/_standin\/deliveries$/, deliveries],
  ["POST", /^\/_standin\/config$/, configure],
  [
    "POST",
    /^\/_standin\/sign$/,
    ({ world, input }) => {
      if (typeof input.body !== "string") return refuse("body (a string) is required");
      const timestamp = typeof input.timestamp === "number" ? input.timestamp : now();
      const secret = typeof input.secret === "string" ? input.secret : undefined;
      return json(200, { header: world.webhooks.sign(input.body, timestamp, secret), timestamp });
    },
  ],
  [
    "POST",
    /^\/_standin\/connect\/([^/]+)\/complete$/,
    ({ ctx, match }) => json(200, completeOnboarding(ctx, getAccount(ctx, match[1] as string))),
  ],
  [
    "POST",
    /^\/_standin\/payouts\/([^/]+)\/(paid|failed)$/,
    ({ ctx, match }) =>
      json(
        200,
        settlePayout(ctx, found(ctx.store.payouts, match[1] as string, "payout"), match[2] as "paid" | "failed"),
      ),
  ],
  [
    "*",
    /^\/_standin\/3ds\/([^/]+)$/,
    ({ ctx, match, query }) => authenticate(ctx, match[1] as string, query.get("result") !== "fail"),
  ],
  [
    "GET",
    /^\/connect\/onboarding\/([^/]+)$/,
    ({ ctx, match, query }) => onboard(ctx, match[1] as string, query.get("link")),
  ],
];

/** The answer to a control or hosted-page request, or undefined when the path is the API's. */
export function handleControl(world: World, method: string, url: URL, body: string): Reply | undefined {
  const path = url.pathname;
  if (!path.startsWith("/_standin/") && !path.startsWith("/connect/onboarding/")) return undefined;
  let input: Record<string, unknown> = {};
  try {
    if (method === "POST" && body.trim()) input = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return refuse("the body must be JSON");
  }
  const ctx: Context = { ...world, account: null, request: { id: null, idempotency_key: null } };
  for (const [verb, pattern, handle] of CONTROL) {
    const match = pattern.exec(path);
    if (!match || (verb !== "*" && verb !== method)) continue;
    try {
      return handle({ world, ctx, match: [...match], query: url.searchParams, input });
    } catch (error) {
      if (error instanceof StripeApiError) return json(error.status, error.body());
      throw error;
    }
  }
  return json(404, { error: { type: "invalid_request_error", message: `No stand-in endpoint ${method} ${path}` } });
}

/** Takes signed deliveries for the filter; `duplicates`, `shuffle`, `seed` and `signed_at` as asked, else as configured. */
function deliveries({ world, query }: ControlCall): Reply {
  const filter = {
    object: query.get("object") ?? undefined,
    customer: query.get("customer") ?? undefined,
    account: query.get("account") ?? undefined,
    payment_intent: query.get("payment_intent") ?? undefined,
    type: query.get("type") ?? undefined,
  };
  if (!filter.object && !filter.customer && !filter.account && !filter.payment_intent) {
    return refuse("give at least one of object, customer, account, payment_intent");
  }
  const config = world.webhooks.config;
  const seed = query.get("seed");
  const signedAt = query.get("signed_at");
  const options = {
    duplicates: Number(query.get("duplicates") ?? config.duplicates),
    shuffle: query.has("shuffle") ? ["1", "true"].includes(query.get("shuffle") ?? "") : config.shuffle,
    seed: seed ? Number(seed) : config.seed,
  };
  return json(200, world.webhooks.take(filter, options, signedAt ? Number(signedAt) : undefined));
}

function configure({ world, input }: ControlCall): Reply {
  const webhooks = (input.webhooks ?? {}) as Record<string, unknown>;
  const config = world.webhooks.config;
  world.webhooks.config = {
    duplicates: "duplicates" in webhooks ? Number(webhooks.duplicates) || 1 : config.duplicates,
    shuffle: "shuffle" in webhooks ? Boolean(webhooks.shuffle) : config.shuffle,
    seed: "seed" in webhooks ? (typeof webhooks.seed === "number" ? webhooks.seed : undefined) : config.seed,
  };
  const payouts = input.payouts as { delay_ms?: number | null } | undefined;
  if (payouts && "delay_ms" in payouts) world.payoutDelayMs = payouts.delay_ms ?? null;
  return json(200, { webhooks: world.webhooks.config, payouts: { delay_ms: world.payoutDelayMs } });
}

/** The cardholder passes (or fails) 3-D Secure; back to the intent's return_url when it has one. */
function authenticate(ctx: Context, id: string, ok: boolean): Reply {
  const pi = ctx.store.paymentIntents.get(id);
  const si = ctx.store.setupIntents.get(id);
  const intent = pi ?? si;
  if (!intent) return json(404, { error: { type: "invalid_request_error", message: `No such intent: '${id}'` } });
  const action = intent.next_action;
  const returnUrl = action?.redirect_to_url?.return_url;
  let result: unknown;
  try {
    result = pi
      ? finishPaymentAuthentication(ctx, pi, ok)
      : finishSetupAuthentication(ctx, si as NonNullable<typeof si>, ok);
  } catch (error) {
    // A card that authenticates and is then declined: the intent records it, the page just goes back.
    if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
    result = intent;
  }
  return returnUrl ? redirect(returnUrl) : json(200, result);
}

/** Stripe's hosted onboarding, done at once: back to the link's return_url (or refresh_url if it is stale). */
function onboard(ctx: Context, accountId: string, linkId: string | null): Reply {
  const account = getAccount(ctx, accountId);
  const link = linkId ? ctx.store.accountLinks.get(linkId) : undefined;
  if (linkId && (!link || link.account !== account.id)) return refuse(`unknown account link for ${account.id}`);
  if (link && (link.used || link.expiresAt < now())) return redirect(link.refreshUrl);
  completeOnboarding(ctx, account);
  if (!link) return json(200, account);
  link.used = true;
  return redirect(link.returnUrl);
}
