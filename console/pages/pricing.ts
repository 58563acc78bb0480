/**
 * Pricing (`#/pricing`): the active tariff of each city, vehicle class and
 * service, prices in the city's currency; edit one in place. The change is
 * sent with If-Match: the version shown, so two admins editing the same
 * tariff cannot overwrite each other (the second gets 412 and reloads).
 * Uses GET /v1/admin/pricing and PUT /v1/admin/pricing/{city}/{class}/{service}.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { actionForm } from "../action-form.ts";
import { api } from "../api.ts";
import { field, fill, h, money, select, table, when } from "../dom.ts";
import { paged, query } from "../paged.ts";
import type { Page } from "./registry.ts";

type Tariff = components["schemas"]["AdminTariff"];

const PRICES = ["base_fare", "per_km", "per_minute", "minimum_fare", "cancellation_fee"] as const;

export const pricingPage: Page = {
  path: "pricing",
  title: "Pricing",
  render(root) {
    const city = h("input", { id: "pricing-city", maxlength: 64, placeholder: "ahmedabad", autocomplete: "off" });
    const service = select("pricing-service", ["passenger", "goods"]);
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<Tariff>(
      out,
      state,
      (rows) =>
        table(
          "Tariffs (prices in minor units when edited)",
          [
            "City",
            "Class",
            "Service",
            "Base",
            "Per km",
            "Per min",
            "Minimum",
            "Cancel fee",
            "Commission",
            "Changed",
            "",
          ],
          rows.map((t) => [
            t.city_id,
            t.vehicle_class,
            t.service,
            money(t.base_fare),
            money(t.per_km),
            money(t.per_minute),
            money(t.minimum_fare),
            money(t.cancellation_fee),
            `${t.commission_bps / 100} %`,
            when(t.updated_at),
            edit(t),
          ]),
          rows.map((t) => ({
            "data-tariff": `${t.city_id}/${t.vehicle_class}/${t.service}`,
            "data-version": t.version,
          })),
        ),
      100,
    );
    function edit(t: Tariff): HTMLElement {
      const currency = t.base_fare.currency;
      return actionForm(
        "Edit",
        `tariff-${t.city_id}-${t.vehicle_class}-${t.service}`,
        [
          ...PRICES.map((p) => ({
            name: p,
            label: p.replace("_", " "),
            inputmode: "numeric" as const,
            required: true,
            value: String(t[p].amount),
          })),
          {
            name: "commission_bps",
            label: "commission (bps)",
            inputmode: "numeric",
            required: true,
            value: String(t.commission_bps),
          },
        ],
        async (v) => {
          const amount = (name: string) => {
            const n = Number(v[name]);
            if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: a whole number of minor units.`);
            return { amount: n, currency };
          };
          const body = {
            ...Object.fromEntries(PRICES.map((p) => [p, amount(p)])),
            load_assist: t.load_assist,
            commission_bps: amount("commission_bps").amount,
          };
          const path = `/v1/admin/pricing/${encodeURIComponent(t.city_id)}/${encodeURIComponent(t.vehicle_class)}/${t.service}`;
          await api("PUT", path, body, { "if-match": `"${t.version}"` });
          await list.reload();
        },
      );
    }
    const load = () => void list.load(`/v1/admin/pricing${query({ city: city.value.trim(), service: service.value })}`);
    fill(
      root,
      h("h1", {}, "Pricing"),
      h(
        "form",
        {
          class: "toolbar",
          onsubmit: (e: Event) => {
            e.preventDefault();
            load();
          },
        },
        field("City", city),
        field("Service", service),
        h("button", { type: "submit" }, "Show"),
      ),
      h("p", { class: "muted" }, "New estimates use a change at once."),
      state,
      out,
    );
    service.addEventListener("change", load);
    load();
    return undefined;
  },
};
