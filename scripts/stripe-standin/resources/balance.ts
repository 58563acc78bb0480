/**
 * `GET /v1/balance`: the caller's funds per currency, the platform's or, with
 * `Stripe-Account`, the connected account's. Everything captured is available
 * at once here (Stripe holds test funds as pending for a while).
 */
import { type Call, ownerOf, type Route } from "../store.ts";

export const balanceRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/balance",
    params: [],
    handle(call: Call) {
      const owner = ownerOf(call);
      const fallback = call.account ? (call.store.accounts.get(call.account)?.default_currency ?? "usd") : "usd";
      const currencies = call.store.currencies(owner);
      const funds = (currencies.length > 0 ? currencies : [fallback]).map((currency) => ({
        amount: call.store.available(owner, currency),
        currency,
      }));
      return {
        object: "balance",
        available: funds.map((f) => ({ ...f, source_types: { card: f.amount } })),
        ...(call.account ? {} : { connect_reserved: funds.map((f) => ({ amount: 0, currency: f.currency })) }),
        livemode: false,
        pending: funds.map((f) => ({ amount: 0, currency: f.currency, source_types: { card: 0 } })),
      };
    },
  },
];
