/**
 * Connect: connected accounts (created with nothing enabled), account links
 * whose URL points at the stand-in itself, and onboarding's completion (when
 * the link is visited, or by a control call): details submitted, charges and
 * payouts enabled, capabilities active, a test bank account, account.updated.
 */
import { missing } from "../errors.ts";
import { metadata, oneOf, type Params, requiredText, text } from "../form.ts";
import { type Call, type Context, changes, found, newId, now, nulls, type Route, snapshot, token } from "../store.ts";

const CURRENCY: Record<string, string> = {
  US: "usd",
  IN: "inr",
  GB: "gbp",
  CA: "cad",
  AU: "aud",
  SG: "sgd",
  JP: "jpy",
};
const DUE = ["business_type", "external_account", "tos_acceptance.date", "tos_acceptance.ip"];

function requirements(due: string[]) {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length > 0 ? "requirements.past_due" : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

function newAccount(params: Params) {
  const id = `acct_${token(16)}`;
  const type = oneOf(params, "type", ["express", "standard", "custom"]) ?? "express";
  const country = (text(params, "country") ?? "US").toUpperCase();
  const capabilities: Record<string, "inactive" | "pending" | "active"> = {};
  const requested = params.capabilities;
  if (requested && typeof requested === "object" && !Array.isArray(requested)) {
    for (const name of Object.keys(requested)) {
      if (text(params, `capabilities[${name}][requested]`) === "true") capabilities[name] = "inactive";
    }
  }
  return {
    id,
    object: "account" as const,
    business_profile: nulls("mcc name product_description support_email url"),
    business_type: text(params, "business_type") ?? null,
    capabilities,
    charges_enabled: false,
    controller: {
      fees: { payer: "application" },
      is_controller: true,
      losses: { payments: "application" },
      requirement_collection: "stripe",
      stripe_dashboard: { type: type === "custom" ? "none" : type },
      type: "application",
    },
    country,
    created: now(),
    default_currency: CURRENCY[country] ?? "eur",
    details_submitted: false,
    email: text(params, "email") ?? null,
    external_accounts: {
      object: "list",
      data: [] as Record<string, unknown>[],
      has_more: false,
      total_count: 0,
      url: `/v1/accounts/${id}/external_accounts`,
    },
    future_requirements: requirements([]),
    livemode: false as const,
    metadata: metadata(params),
    payouts_enabled: false,
    requirements: requirements(DUE),
    settings: { payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: "daily" } } },
    tos_acceptance: { date: null as number | null },
    type,
  };
}

export type Account = ReturnType<typeof newAccount>;

/** The account named by `param`; a `destination` that does not exist reads "No such destination". */
export function getAccount(ctx: Context, id: string, param = "account"): Account {
  return found(ctx.store.accounts, id, param.includes("destination") ? "destination" : "account", param);
}

/** Onboarding done: what Stripe's hosted onboarding leaves behind, announced with account.updated. */
export function completeOnboarding(ctx: Context, account: Account): Account {
  if (account.details_submitted && account.payouts_enabled) return account;
  const before = snapshot(account);
  for (const name of Object.keys(account.capabilities)) account.capabilities[name] = "active";
  Object.assign(account, {
    details_submitted: true,
    charges_enabled: true,
    payouts_enabled: true,
    requirements: requirements([]),
    tos_acceptance: { date: now() },
  });
  account.business_type ??= "individual";
  account.external_accounts.data = [
    {
      id: newId("ba"),
      object: "bank_account",
      account: account.id,
      account_holder_name: null,
      account_holder_type: "individual",
      bank_name: "STRIPE TEST BANK",
      country: account.country,
      currency: account.default_currency,
      default_for_currency: true,
      fingerprint: token(16),
      last4: "6789",
      metadata: {},
      status: "new",
    },
  ];
  account.external_accounts.total_count = 1;
  ctx.webhooks.emit({ ...ctx, account: account.id }, "account.updated", account, changes(before, account));
  return account;
}

export const connectRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/accounts",
    params: ["type", "country", "email", "capabilities", "business_type", "metadata", "controller", "business_profile"],
    handle(call: Call) {
      const account = newAccount(call.params);
      call.store.accounts.set(account.id, account);
      return account;
    },
  },
  {
    method: "GET",
    path: "/v1/accounts/:id",
    params: [],
    handle: (call) => getAccount(call, call.path.id as string, "id"),
  },
  {
    method: "POST",
    path: "/v1/account_links",
    params: ["account", "refresh_url", "return_url", "type", "collect", "collection_options"],
    handle(call: Call) {
      const account = getAccount(call, requiredText(call.params, "account"));
      if (!oneOf(call.params, "type", ["account_onboarding", "account_update"])) throw missing("type");
      const created = now();
      const link = token(24);
      call.store.accountLinks.set(link, {
        account: account.id,
        refreshUrl: requiredText(call.params, "refresh_url"),
        returnUrl: requiredText(call.params, "return_url"),
        expiresAt: created + 300,
        used: false,
      });
      return {
        object: "account_link",
        created,
        expires_at: created + 300,
        url: `${call.baseUrl}/connect/onboarding/${account.id}?link=${link}`,
      };
    },
  },
];
