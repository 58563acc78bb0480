/**
 * Spots and bookings (`#/bookings`): parking bookings, newest first, by
 * status; a booking's spot opens below the list (title, address, rates,
 * owner, active or not), where an admin can take it off or put it back on
 * the market. Uses GET /v1/admin/bookings, GET /v1/spots/{id} and
 * PATCH /v1/spots/{id} (`is_active`). No admin API lists spots without a
 * booking (the public search is by place): they are reached from a booking.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { api } from "../api.ts";
import { badge, field, fill, h, money, select, shortId, table, when, words } from "../dom.ts";
import { paged, query } from "../paged.ts";
import type { Page } from "./registry.ts";

type Booking = components["schemas"]["Booking"];
type Spot = components["schemas"]["Spot"];

const STATUSES: readonly Booking["status"][] = [
  "pending",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "refunded",
];

export const bookingsPage: Page = {
  path: "bookings",
  title: "Spots and bookings",
  render(root) {
    const status = select("booking-status", STATUSES);
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const spot = h("section", { class: "spot-panel", "aria-live": "polite" });
    const list = paged<Booking>(out, state, (rows) =>
      table(
        "Bookings",
        ["Made", "Status", "Renter", "From", "To", "Total", "Payment", "Spot"],
        rows.map((b) => [
          when(b.created_at),
          badge(b.status),
          b.renter_name ?? shortId(b.renter_id),
          when(b.starts_at),
          when(b.ends_at),
          money(b.total),
          `${b.payment_method} · ${words(b.payment_status)}`,
          h("button", { type: "button", onclick: () => void showSpot(b.spot_id) }, "Spot"),
        ]),
        rows.map((b) => ({ "data-booking-id": b.id })),
      ),
    );
    async function showSpot(id: string): Promise<void> {
      try {
        const s = await api<Spot>("GET", `/v1/spots/${id}`);
        const toggle = h(
          "button",
          {
            type: "button",
            class: s.is_active ? "danger" : "primary",
            onclick: async () => {
              await api("PATCH", `/v1/spots/${id}`, { is_active: !s.is_active });
              await showSpot(id);
            },
          },
          s.is_active ? "Take off the market" : "Put back on the market",
        );
        fill(
          spot,
          h("h2", { id: "spot-title", tabindex: -1 }, s.title),
          h(
            "dl",
            { "data-spot-id": s.id },
            h("dt", {}, "Address"),
            h("dd", {}, `${s.address}, ${s.city}`),
            h("dt", {}, "Kind"),
            h("dd", {}, `${s.spot_type} · ${s.vehicle_size}`),
            h("dt", {}, "Hourly"),
            h("dd", {}, money(s.rates.hourly)),
            h("dt", {}, "Owner"),
            h("dd", {}, shortId(s.owner_id)),
            h("dt", {}, "Rating"),
            h("dd", {}, s.rating.count ? `${s.rating.average.toFixed(1)} (${s.rating.count})` : "—"),
            h("dt", {}, "Active"),
            h("dd", {}, s.is_active ? "yes" : "no"),
          ),
          toggle,
        );
        (spot.querySelector("#spot-title") as HTMLElement).focus();
      } catch (error) {
        fill(spot, h("p", { class: "error" }, (error as Error).message));
      }
    }
    const load = () => void list.load(`/v1/admin/bookings${query({ status: status.value })}`);
    status.addEventListener("change", load);
    fill(
      root,
      h("h1", {}, "Spots and bookings"),
      h("div", { class: "toolbar" }, field("Status", status)),
      state,
      out,
      spot,
    );
    load();
    return undefined;
  },
};
