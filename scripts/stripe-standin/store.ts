/**
 * The stand-in's state, in memory: every object by id, which connected
 * account owns it, and the balances (the platform's and each connected
 * account's, per currency). Also Stripe's id and list formats. Resources read
 * and write it through a `Context`, which carries the request's account and
 * ids for the events it emits.
 */
import { randomBytes } from "node:crypto";
import type { TestCard } from "./cards.ts";
import { invalid, notFound } from "./errors.ts";
import { int, type Params, text } from "./form.ts";
import type { Charge } from "./resources/charges.ts";
import type { Account } from "./resources/connect.ts";
import type { Customer } from "./resources/customers.ts";
import type { PaymentIntent } from "./resources/payment-intents.ts";
import type { PaymentMethod } from "./resources/payment-methods.ts";
import type { Payout } from "./resources/payouts.ts";
import type { Refund } from "./resources/refunds.ts";
import type { SetupIntent } from "./resources/setup-intents.ts";
import type { Transfer } from "./resources/transfers.ts";
import type { Webhooks } from "./webhooks.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62, as in Stripe's ids. */
export function token(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}

/** `pi_3P5ktxEzVBJFlm8c13Qzn9bX`. */
export function newId(prefix: string): string {
  return `${prefix}_${token(24)}`;
}

/** Unix seconds, as in every `created`. */
export function now(): number {
  return Math.floor(Date.now() / 1000);
}

type Words<S extends string> = S extends `${infer W} ${infer Rest}` ? W | Words<Rest> : S;

/** Fields always null here (features the stand-in does not model), named in one string. */
export function nulls<const S extends string>(names: S): Record<Words<S>, null> {
  return Object.fromEntries(names.split(" ").map((name) => [name, null])) as Record<Words<S>, null>;
}

export const PLATFORM = "platform";

export interface CardState {
  card: TestCard;
  /** Set up for off-session use by a succeeded SetupIntent (or a payment with setup_future_usage). */
  setUp: boolean;
  /** Used without a customer, or detached: Stripe refuses to use it again. */
  spent: boolean;
}

export interface AccountLink {
  account: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
}

export class Store {
  readonly customers = new Map<string, Customer>();
  readonly paymentMethods = new Map<string, PaymentMethod>();
  readonly setupIntents = new Map<string, SetupIntent>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly accounts = new Map<string, Account>();
  readonly transfers = new Map<string, Transfer>();
  readonly payouts = new Map<string, Payout>();
  /** How each `pm_…` made from a test card behaves, and what has happened to it. */
  readonly cards = new Map<string, CardState>();
  readonly accountLinks = new Map<string, AccountLink>();
  /** The connected account an object lives on (payouts made with `Stripe-Account`). */
  readonly owners = new Map<string, string>();
  /** Available funds per owner ("platform" or an `acct_…`) and currency. */
  private readonly balances = new Map<string, Map<string, number>>();

  available(owner: string, currency: string): number {
    return this.balances.get(owner)?.get(currency) ?? 0;
  }

  /** Adds (or with a negative amount, takes) funds. Balances may go negative, as Stripe's do after refunds. */
  credit(owner: string, currency: string, amount: number): void {
    const byCurrency = this.balances.get(owner) ?? new Map<string, number>();
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + amount);
    this.balances.set(owner, byCurrency);
  }

  currencies(owner: string): string[] {
    return [...(this.balances.get(owner)?.keys() ?? [])];
  }

  /** Every object and balance as JSON, for a stand-in that keeps its state across restarts (`npm start`). */
  dump(): string {
    const maps = Object.fromEntries(STORED.map((name) => [name, [...this[name].entries()]]));
    const balances = [...this.balances.entries()].map(([owner, byCurrency]) => [owner, [...byCurrency.entries()]]);
    return JSON.stringify({ version: 1, ...maps, balances });
  }

  /** Takes back what `dump` wrote. */
  load(json: string): void {
    const saved = JSON.parse(json) as Record<string, unknown>;
    if (saved.version !== 1) return;
    for (const name of STORED) {
      const map = this[name] as Map<string, unknown>;
      for (const [id, value] of (saved[name] as [string, unknown][] | undefined) ?? []) map.set(id, value);
    }
    for (const [owner, byCurrency] of (saved.balances as [string, [string, number][]][] | undefined) ?? []) {
      this.balances.set(owner, new Map(byCurrency));
    }
  }
}

/** The maps `dump` and `load` carry. */
const STORED = [
  "customers",
  "paymentMethods",
  "setupIntents",
  "paymentIntents",
  "charges",
  "refunds",
  "accounts",
  "transfers",
  "payouts",
  "cards",
  "accountLinks",
  "owners",
] as const;

/** What a resource handler works with: the state, and who is asking. */
export interface Context {
  store: Store;
  webhooks: Webhooks;
  /** The stand-in's own URL, for links it hands out (onboarding, 3-D Secure). */
  baseUrl: string;
  /** Payouts turn `paid` this long after creation; null: only when told (control endpoint). */
  payoutDelayMs: number | null;
  /** Runs a task later (cancelled when the stand-in stops). */
  schedule(ms: number, task: () => void): void;
  /** The connected account named by `Stripe-Account`, or null for the platform. */
  account: string | null;
  /** The API request behind the events emitted now (null for the stand-in's own doings). */
  request: { id: string | null; idempotency_key: string | null };
}

/** An API call, as a resource handler receives it. */
export interface Call extends Context {
  params: Params;
  /** The path's named parts (`:id`). */
  path: Record<string, string>;
  /** Made with a publishable key (a phone): the handler must check the intent's client_secret. */
  publishable: boolean;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** `/v1/payment_intents/:id/capture` */
  path: string;
  /** The top-level parameters it takes (`expand` always); any other is refused, as Stripe refuses it. */
  params: readonly string[];
  /** Callable with a publishable key (with the intent's client_secret). */
  publishable?: boolean;
  /** The response body (status 200), or a thrown StripeApiError. */
  handle(call: Call): unknown;
}

/** The object with this id, or Stripe's 404: "No such payment_intent: 'pi_…'". */
export function found<T>(objects: Map<string, T>, id: string, kind: string, param = "id"): T {
  const object = objects.get(id);
  if (!object) throw notFound(kind, id, param);
  return object;
}

/** The balance owner of the context: the connected account, or the platform. */
export function ownerOf(ctx: Context): string {
  return ctx.account ?? PLATFORM;
}

/** A deep copy: what an event carries and a response sends is the object as it was then. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/** The top-level fields whose values changed, with their old values (an event's `previous_attributes`). */
export function changes(before: object, after: object): Record<string, unknown> {
  const old = before as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value) !== JSON.stringify(old[key])) changed[key] = old[key];
  }
  return changed;
}

/** The parameters of a list endpoint, besides its filters. */
export const LIST = ["limit", "starting_after", "ending_before"];

/**
 * A page of a list, newest first, as Stripe pages: `limit` (1–100, default
 * 10), `starting_after` / `ending_before` an id in the list.
 */
export function page<T extends { id: string; created: number }>(items: Iterable<T>, params: Params, url: string) {
  const limit = int(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalid("Invalid limit: must be between 1 and 100", "limit");
  // Insertion order breaks ties in `created`: later inserted is newer.
  let all = [...items].reverse().sort((a, b) => b.created - a.created);
  const after = text(params, "starting_after");
  const before = text(params, "ending_before");
  if (after) all = all.slice(all.findIndex((o) => o.id === after) + 1);
  if (before)
    all = all.slice(
      0,
      Math.max(
        0,
        all.findIndex((o) => o.id === before),
      ),
    );
  const data = before ? all.slice(-limit) : all.slice(0, limit);
  return { object: "list" as const, data: snapshot(data), has_more: all.length > data.length, url };
}
