/**
 * Payments (`#/payments`): every payment, newest first, by status, purpose
 * and method; a ride's payment links to the ride's page, and any captured
 * payment can be refunded here, whole or in part, with a reason (the audit
 * log keeps it). Uses GET /v1/admin/payments and
 * POST /v1/admin/payments/{id}/refund.
 */
import type { components, operations } from "../../scripts/lib/api-types.ts";
import { actionForm } from "../action-form.ts";
import { api } from "../api.ts";
import { badge, field, fill, h, money, select, shortId, table, when } from "../dom.ts";
import { paged, query } from "../paged.ts";
import type { Page } from "./registry.ts";

type Payment = components["schemas"]["Payment"];
type Filter = NonNullable<operations["searchPayments"]["parameters"]["query"]>;

/** The API's payment statuses (src/db/schema/enums.ts; the type keeps this list to values the API takes). */
const STATUSES: readonly NonNullable<Filter["status"]>[] = [
  "pending",
  "requires_action",
  "authorized",
  "succeeded",
  "cancelled",
  "failed",
  "refunded",
  "partially_refunded",
];

export const paymentsPage: Page = {
  path: "payments",
  title: "Payments",
  render(root) {
    const status = select("payment-status", STATUSES);
    const purpose = select("payment-purpose", [
      "ride",
      "ride_extra",
      "tip",
      "topup",
      "booking",
    ] satisfies Filter["purpose"][]);
    const method = select("payment-method", ["card", "cash", "wallet", "upi"] satisfies Filter["method"][]);
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<Payment>(out, state, (rows) =>
      table(
        "Payments",
        ["Made", "Purpose", "Method", "Status", "Amount", "Captured", "Refunded", "For", "Refund"],
        rows.map((p) => [
          when(p.created_at),
          p.purpose,
          p.method,
          badge(p.status),
          money(p.amount),
          money(p.captured),
          h("span", { "data-refunded": p.refunded.amount }, money(p.refunded)),
          p.ride_id ? h("a", { href: `#/rides/${p.ride_id}` }, "ride") : shortId(p.booking_id),
          p.captured.amount > p.refunded.amount ? refund(p) : "",
        ]),
        rows.map((p) => ({ "data-payment-id": p.id })),
      ),
    );
    function refund(p: Payment): HTMLElement {
      return actionForm(
        "Refund",
        `refund-${p.id}`,
        [
          { name: "amount", label: "Minor units (empty: the rest)", inputmode: "numeric" },
          { name: "reason", label: "Reason", required: true },
        ],
        async ({ amount, reason }) => {
          const minor = amount ? Number(amount) : undefined;
          if (minor !== undefined && !Number.isInteger(minor)) throw new Error("The amount is in minor units.");
          await api("POST", `/v1/admin/payments/${p.id}/refund`, {
            reason,
            ...(minor === undefined ? {} : { amount: { amount: minor, currency: p.captured.currency } }),
          });
          await list.reload();
        },
        true,
      );
    }
    const load = () =>
      void list.load(
        `/v1/admin/payments${query({ status: status.value, purpose: purpose.value, method: method.value })}`,
      );
    for (const s of [status, purpose, method]) s.addEventListener("change", load);
    fill(
      root,
      h("h1", {}, "Payments"),
      h("div", { class: "toolbar" }, field("Status", status), field("Purpose", purpose), field("Method", method)),
      state,
      out,
    );
    load();
    return undefined;
  },
};
