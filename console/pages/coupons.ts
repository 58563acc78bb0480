/**
 * Coupons (`#/coupons`): every coupon with its uses, newest first; create
 * one (percent in basis points or a fixed amount in minor units), and
 * deactivate or reactivate it. Uses GET/POST /v1/admin/coupons and
 * PATCH /v1/admin/coupons/{id}.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { api } from "../api.ts";
import { field, fill, h, money, table, when } from "../dom.ts";
import { paged } from "../paged.ts";
import type { Page } from "./registry.ts";

type Coupon = components["schemas"]["AdminCoupon"];

function discount(c: Coupon): string {
  if (c.discount_type === "percent") {
    const cap =
      c.max_discount_amount && c.currency
        ? `, at most ${money({ amount: c.max_discount_amount, currency: c.currency })}`
        : "";
    return `${c.discount_value / 100} %${cap}`;
  }
  return c.currency ? money({ amount: c.discount_value, currency: c.currency }) : String(c.discount_value);
}

function input(id: string, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
  return h("input", { id, autocomplete: "off", ...attrs });
}

export const couponsPage: Page = {
  path: "coupons",
  title: "Coupons",
  render(root) {
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<Coupon>(out, state, (rows) =>
      table(
        "Coupons",
        ["Code", "Discount", "Uses", "Valid", "Active", ""],
        rows.map((c) => [
          h("strong", {}, c.code),
          discount(c),
          `${c.usage_count}${c.usage_limit === null ? "" : ` / ${c.usage_limit}`}`,
          `${when(c.valid_from)} → ${when(c.valid_until)}`,
          c.is_active ? "yes" : "no",
          h(
            "button",
            {
              type: "button",
              class: c.is_active ? "danger" : "",
              onclick: async () => {
                try {
                  await api("PATCH", `/v1/admin/coupons/${c.id}`, { is_active: !c.is_active });
                  await list.reload();
                } catch (error) {
                  state.textContent = (error as Error).message;
                }
              },
            },
            c.is_active ? `Deactivate ${c.code}` : `Reactivate ${c.code}`,
          ),
        ]),
        rows.map((c) => ({ "data-coupon-id": c.id, "data-active": String(c.is_active) })),
      ),
    );

    const code = input("coupon-code", { required: true, maxlength: 32 });
    const description = input("coupon-description", { maxlength: 200 });
    const type = h(
      "select",
      { id: "coupon-type" },
      h("option", { value: "percent" }, "percent (basis points)"),
      h("option", { value: "fixed" }, "fixed (minor units)"),
    );
    const value = input("coupon-value", { required: true, inputmode: "numeric", pattern: "[0-9]+" });
    const currency = input("coupon-currency", { maxlength: 3, placeholder: "INR", value: "INR" });
    const cap = input("coupon-cap", { inputmode: "numeric", pattern: "[0-9]*" });
    const limit = input("coupon-limit", { inputmode: "numeric", pattern: "[0-9]*" });
    const until = input("coupon-until", { type: "date" });
    const result = h("p", { role: "status", "aria-live": "polite" });
    const number = (el: HTMLInputElement) => (el.value.trim() ? Number(el.value) : undefined);
    const form = h(
      "form",
      {
        class: "inline-form",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          try {
            const body = {
              code: code.value.trim(),
              description: description.value.trim() || undefined,
              discount_type: type.value,
              discount_value: Number(value.value),
              currency: currency.value.trim().toUpperCase() || undefined,
              max_discount_amount: number(cap),
              usage_limit: number(limit),
              valid_until: until.value ? new Date(`${until.value}T23:59:59Z`).toISOString() : undefined,
            };
            const made = await api<Coupon>("POST", "/v1/admin/coupons", body);
            result.textContent = `${made.code} created.`;
            form.reset();
            await list.reload();
          } catch (error) {
            result.textContent = (error as Error).message;
          }
        },
      },
      field("Code", code),
      field("Description", description),
      field("Discount", type),
      field("Value", value),
      field("Currency", currency),
      field("Cap (minor units)", cap),
      field("Uses in all", limit),
      field("Valid until (UTC)", until),
      h("button", { type: "submit", class: "primary" }, "Create"),
    );
    fill(root, h("h1", {}, "Coupons"), h("h2", {}, "New coupon"), form, result, h("h2", {}, "All coupons"), state, out);
    void list.load("/v1/admin/coupons");
    return undefined;
  },
};
