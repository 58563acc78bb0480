/**
 * Events and their delivery. Every state change emits the event Stripe would,
 * with a snapshot of the object; each event is kept for `/v1/events` and
 * delivered, signed as Stripe signs (`Stripe-Signature: t=…,v1=HMAC-SHA256(
 * secret, "t.body")`, what `stripe.webhooks.constructEvent` checks), in two
 * ways at once:
 *
 * - push: POSTed to the webhook URL, in order, retried with backoff;
 * - pull: taken by tests through `GET /_standin/deliveries` (control.ts).
 *
 * Both can deliver each event several times and shuffled (seeded, the seed
 * logged and returned), to test a receiver's idempotency and ordering.
 */
import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import { newId, now, snapshot } from "./store.ts";

export interface StripeEvent {
  id: string;
  object: "event";
  /** The connected account the event happened on. */
  account?: string;
  api_version: string;
  created: number;
  data: { object: { id: string } & Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface Delivery {
  event_id: string;
  type: string;
  /** The raw body, exactly as signed. */
  body: string;
  headers: { "stripe-signature": string; "content-type": string };
}

export interface DeliveryOptions {
  /** Each event is delivered this many times (default 1). */
  duplicates: number;
  shuffle: boolean;
  /** The shuffle's seed; a random one when absent. */
  seed?: number | undefined;
}

/** Which events a pull takes: those matching any of the ids, narrowed by a type prefix. */
export interface PullFilter {
  object?: string | undefined;
  customer?: string | undefined;
  account?: string | undefined;
  payment_intent?: string | undefined;
  type?: string | undefined;
}

const CONTENT_TYPE = "application/json; charset=utf-8";
const RETRY_DELAYS_MS = [100, 300, 1000, 3000];

export class Webhooks {
  /** Every event, oldest first. */
  readonly events: StripeEvent[] = [];
  config: DeliveryOptions = { duplicates: 1, shuffle: false };
  private readonly secret: string;
  private readonly url: string | undefined;
  private readonly log: (message: string) => void;
  private readonly bodies = new Map<string, string>();
  private untaken: StripeEvent[] = [];
  private readonly outbox: StripeEvent[] = [];
  private pumping: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(options: { secret: string; url?: string | undefined; log: (message: string) => void }) {
    this.secret = options.secret;
    this.url = options.url;
    this.log = options.log;
  }

  /** Records an event about `object` (snapshotted now) and queues its deliveries. */
  emit(
    from: { account: string | null; request: StripeEvent["request"] },
    type: string,
    object: { id: string },
    previous?: Record<string, unknown>,
  ): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      ...(from.account ? { account: from.account } : {}),
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: snapshot(object), ...(previous ? { previous_attributes: snapshot(previous) } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: from.request,
      type,
    };
    this.events.push(event);
    this.bodies.set(event.id, JSON.stringify(event, null, 2));
    this.untaken.push(event);
    if (this.url) {
      this.outbox.push(event);
      this.pumping ??= this.pump().finally(() => {
        this.pumping = undefined;
      });
    }
    return event;
  }

  /** The `Stripe-Signature` header for a body. */
  sign(body: string, timestamp = now(), secret = this.secret): string {
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
    return `t=${timestamp},v1=${signature}`;
  }

  /**
   * Takes the not-yet-taken events that match the filter, as signed
   * deliveries. At least one id filter is required, so that parallel test
   * files never take each other's events.
   */
  take(filter: PullFilter, options: DeliveryOptions, signedAt?: number): { seed: number; data: Delivery[] } {
    const ids = [filter.object, filter.customer, filter.account, filter.payment_intent].filter(Boolean);
    if (ids.length === 0) throw new Error("give at least one of object, customer, account, payment_intent");
    const taken = this.untaken.filter((event) => matches(event, filter));
    this.untaken = this.untaken.filter((event) => !taken.includes(event));
    const { seed, events } = arrange(taken, options);
    const data = events.map((event) => {
      const body = this.body(event);
      return {
        event_id: event.id,
        type: event.type,
        body,
        headers: { "stripe-signature": this.sign(body, signedAt), "content-type": CONTENT_TYPE },
      };
    });
    return { seed, data };
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.pumping;
  }

  private body(event: StripeEvent): string {
    return this.bodies.get(event.id) ?? JSON.stringify(event, null, 2);
  }

  private async pump(): Promise<void> {
    try {
      while (this.outbox.length > 0 && !this.stopping.signal.aborted) {
        // When shuffling, let a burst of events gather so there is something to reorder.
        if (this.config.shuffle) await sleep(25, undefined, { signal: this.stopping.signal });
        const { seed, events } = arrange(this.outbox.splice(0), this.config);
        if (this.config.shuffle) this.log(`webhooks: pushing ${events.length} deliveries shuffled with seed ${seed}`);
        for (const event of events) await this.post(event);
      }
    } catch (error) {
      if (!this.stopping.signal.aborted) this.log(`webhooks: push stopped: ${String(error)}`);
    }
  }

  /** POSTs one delivery as Stripe does, retrying a failure or a non-2xx answer a few times. */
  private async post(event: StripeEvent): Promise<void> {
    const url = this.url as string;
    const body = this.body(event);
    for (let attempt = 0; ; attempt++) {
      let outcome: string;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": CONTENT_TYPE,
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            accept: "*/*; q=0.5, application/xml",
            "cache-control": "no-cache",
            "stripe-signature": this.sign(body),
          },
          body,
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(10_000)]),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        outcome = `HTTP ${response.status}`;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        outcome = String(error);
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        this.log(`webhooks: gave up on ${event.type} ${event.id} to ${url}: ${outcome}`);
        return;
      }
      this.log(`webhooks: ${event.type} ${event.id} to ${url}: ${outcome}; retrying in ${delay} ms`);
      await sleep(delay, undefined, { signal: this.stopping.signal });
    }
  }
}

function matches(event: StripeEvent, filter: PullFilter): boolean {
  if (filter.type && !event.type.startsWith(filter.type)) return false;
  const object = event.data.object;
  const transferData = object.transfer_data as { destination?: string } | null | undefined;
  // The ids an event touches: its object, and the customer, intent and account it concerns.
  const touched = [
    object.id,
    object.customer,
    object.payment_intent,
    event.account,
    object.destination,
    object.on_behalf_of,
    transferData?.destination,
  ];
  return [filter.object, filter.customer, filter.account, filter.payment_intent].some(
    (id) => id !== undefined && touched.includes(id),
  );
}

/** Each event `duplicates` times, shuffled when asked (Fisher–Yates over a seeded mulberry32). */
function arrange(events: StripeEvent[], options: DeliveryOptions): { seed: number; events: StripeEvent[] } {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const copies = events.flatMap((event) => Array.from({ length: Math.max(1, options.duplicates) }, () => event));
  if (!options.shuffle) return { seed, events: copies };
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copies[i], copies[j]] = [copies[j] as StripeEvent, copies[i] as StripeEvent];
  }
  return { seed, events: copies };
}
