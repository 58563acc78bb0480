/**
 * `GET /v1/events` and `/v1/events/{id}`: the events of the caller (the
 * platform's, or with `Stripe-Account` the connected account's), filtered
 * by `type`, `types[]` and `created[gt|gte|lt|lte]`, newest first.
 */
import { notFound } from "../errors.ts";
import { int, text } from "../form.ts";
import { type Call, LIST, page, type Route } from "../store.ts";
import type { StripeEvent } from "../webhooks.ts";

function visible(call: Call, event: StripeEvent): boolean {
  return (event.account ?? null) === call.account;
}

/** Stripe's `type` filter: an exact type, or a `*` wildcard such as `payment_intent.*`. */
function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events/:id",
    params: [],
    handle(call: Call) {
      const event = call.webhooks.events.find((e) => e.id === call.path.id);
      if (!event || !visible(call, event)) throw notFound("event", call.path.id as string);
      return event;
    },
  },
  {
    method: "GET",
    path: "/v1/events",
    params: [...LIST, "type", "types", "created", "delivery_success"],
    handle(call: Call) {
      const type = text(call.params, "type");
      const types = Array.isArray(call.params.types) ? call.params.types.map(String) : undefined;
      const bound = (op: string) => int(call.params, `created[${op}]`);
      const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
      const created = typeof call.params.created === "string" ? int(call.params, "created") : undefined;
      const all = call.webhooks.events.filter(
        (e) =>
          visible(call, e) &&
          (!type || typeMatches(type, e.type)) &&
          (!types || types.includes(e.type)) &&
          (created === undefined || e.created === created) &&
          (gt === undefined || e.created > gt) &&
          (gte === undefined || e.created >= gte) &&
          (lt === undefined || e.created < lt) &&
          (lte === undefined || e.created <= lte),
      );
      return page(all, call.params, "/v1/events");
    },
  },
];
