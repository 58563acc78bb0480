/**
 * Ride board (`#/rides`): every ride by status, refreshed every few seconds,
 * searchable by order number; and one ride (`#/rides/{id}`): its timeline,
 * its driver's track over the ride socket, its payment with refunds, and
 * cancelling as an admin. Uses GET /v1/admin/rides, GET /v1/rides/{id},
 * /v1/ws/rides/{id}, POST /v1/rides/{id}/cancel and
 * POST /v1/admin/payments/{id}/refund.
 */
import L from "leaflet";
import { ApiError, api, openSocket } from "../api.ts";
import { badge, fill, h, type Money, money, when, words } from "../dom.ts";
import type { Page } from "./registry.ts";

interface AdminRide {
  id: string;
  order_number: string;
  status: string;
  service: string;
  vehicle_class: string;
  city_id: string;
  fare: Money | null;
  estimate: Money;
  requested_at: string;
}

interface Place {
  lat: number;
  lng: number;
  address?: string | null;
}

interface Ride {
  id: string;
  order_number: string | null;
  status: string;
  service: string;
  vehicle_class: string;
  city_id: string;
  pickup: Place;
  dropoff: Place;
  estimate: { total: Money };
  fare: { total: Money } | null;
  driver: { id: string; name: string; vehicle: { plate: string | null; model: string | null } } | null;
  driver_location: { lat: number; lng: number } | null;
  payment: { id: string | null; method: string; status: string; captured: Money; refunded: Money };
  cancellation: { by: string; reason: string | null; fee: Money } | null;
  timestamps: Record<string, string>;
}

/** The board's columns: which statuses each holds. */
const COLUMNS: { title: string; statuses: string[] }[] = [
  { title: "Waiting for a driver", statuses: ["requested", "scheduled", "searching"] },
  { title: "To the pickup", statuses: ["driver_assigned", "driver_arrived"] },
  { title: "Under way", statuses: ["in_progress"] },
  { title: "Completed", statuses: ["completed"] },
  { title: "Cancelled or no driver", statuses: ["cancelled", "no_driver"] },
];
const TERMINAL = ["completed", "cancelled", "no_driver"];
const REFRESH_MS = 5_000;

export const ridesPage: Page = {
  path: "rides",
  title: "Ride board",
  render(root, ctx) {
    const id = ctx.rest[0];
    return id ? rideDetail(root, id) : board(root);
  },
};

function board(root: HTMLElement): () => void {
  const search = h("input", { id: "ride-search", type: "search", placeholder: "CB-AMD-000123", autocomplete: "off" });
  const columns = h("div", { class: "board" });
  const state = h("p", { class: "socket-state", role: "status", "aria-live": "polite" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function load(): Promise<void> {
    const query = search.value.trim();
    try {
      const path = query
        ? `/v1/admin/rides?limit=100&order_number=${encodeURIComponent(query)}`
        : "/v1/admin/rides?limit=100";
      const rides = (await api<{ data: AdminRide[] }>("GET", path)).data;
      if (stopped) return;
      state.textContent = `${rides.length} rides, updated ${new Date().toLocaleTimeString()}`;
      fill(
        columns,
        COLUMNS.map((col) => {
          const rows = rides.filter((r) => col.statuses.includes(r.status));
          return h(
            "section",
            { class: "column", "aria-label": col.title },
            h("h2", {}, `${col.title} (${rows.length})`),
            h(
              "ul",
              {},
              rows.map((r) =>
                h(
                  "li",
                  { "data-ride-id": r.id },
                  h("a", { href: `#/rides/${r.id}` }, r.order_number),
                  " ",
                  badge(r.status),
                  h("div", { class: "muted" }, `${r.service} · ${r.vehicle_class} · ${money(r.fare ?? r.estimate)}`),
                  h("div", { class: "muted" }, when(r.requested_at)),
                ),
              ),
            ),
          );
        }),
      );
    } catch (error) {
      state.textContent =
        error instanceof ApiError && error.code === "validation_failed"
          ? "Not an order number."
          : (error as Error).message;
    }
    if (!stopped) timer = setTimeout(load, REFRESH_MS);
  }

  const form = h(
    "form",
    {
      class: "toolbar",
      role: "search",
      onsubmit: (e: Event) => {
        e.preventDefault();
        clearTimeout(timer);
        void load();
      },
    },
    h("label", { for: "ride-search" }, "Order number", search),
    h("button", { type: "submit" }, "Search"),
  );
  fill(root, h("h1", {}, "Ride board"), form, state, columns);
  void load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function rideDetail(root: HTMLElement, id: string): () => void {
  const summary = h("div", { class: "ride-summary" });
  const timeline = h("ol", { class: "timeline", "aria-label": "Timeline" });
  const payment = h("div", { class: "payment" });
  const actions = h("div", { class: "actions" });
  const mapEl = h("div", { class: "track", role: "region", "aria-label": "The ride's track" });
  const state = h("p", { class: "socket-state", role: "status", "aria-live": "polite" }, "loading…");
  fill(
    root,
    h("p", {}, h("a", { href: "#/rides" }, "← Ride board")),
    h("h1", {}, "Ride"),
    state,
    h(
      "div",
      { class: "ride-layout" },
      h("div", {}, summary, h("h2", {}, "Timeline"), timeline, h("h2", {}, "Payment"), payment, actions),
      mapEl,
    ),
  );
  const map = L.map(mapEl, { attributionControl: false }).setView([20, 78], 4);
  const track = L.polyline([], { color: "#1d4ed8", weight: 4 }).addTo(map);
  let driverDot: L.CircleMarker | null = null;
  let placed = false;
  let socket: WebSocket | null = null;
  let stopped = false;

  function show(ride: Ride): void {
    state.textContent = `${ride.order_number ?? ride.id} · ${words(ride.status)}`;
    fill(
      summary,
      h(
        "dl",
        {},
        h("dt", {}, "Order"),
        h("dd", {}, ride.order_number ?? ride.id),
        h("dt", {}, "Status"),
        h("dd", { "data-status": ride.status }, badge(ride.status)),
        h("dt", {}, "Service"),
        h("dd", {}, `${ride.service} · ${ride.vehicle_class} · ${ride.city_id}`),
        h("dt", {}, "Driver"),
        h("dd", {}, ride.driver ? `${ride.driver.name} · ${ride.driver.vehicle.plate ?? ""}` : "—"),
        h("dt", {}, "Fare"),
        h("dd", {}, money(ride.fare?.total ?? ride.estimate.total), ride.fare ? "" : " (estimate)"),
        ride.cancellation && [
          h("dt", {}, "Cancelled by"),
          h("dd", {}, `${ride.cancellation.by}${ride.cancellation.reason ? `: ${ride.cancellation.reason}` : ""}`),
        ],
      ),
    );
    const steps = Object.entries(ride.timestamps).sort(([, a], [, b]) => a.localeCompare(b));
    fill(
      timeline,
      steps.map(([step, at]) => h("li", {}, h("strong", {}, words(step)), " ", when(at))),
    );
    showPayment(ride);
    showActions(ride);
    if (!placed) {
      placed = true;
      const ends = [ride.pickup, ride.dropoff].map((p) => L.latLng(p.lat, p.lng));
      L.circleMarker(ends[0] as L.LatLng, { radius: 7, color: "#15803d", className: "pickup" })
        .bindTooltip("Pickup")
        .addTo(map);
      L.circleMarker(ends[1] as L.LatLng, { radius: 7, color: "#b91c1c", className: "dropoff" })
        .bindTooltip("Drop-off")
        .addTo(map);
      map.fitBounds(L.latLngBounds(ends), { padding: [24, 24], animate: false });
    }
    if (ride.driver_location) moved(ride.driver_location.lat, ride.driver_location.lng);
  }

  function moved(lat: number, lng: number): void {
    track.addLatLng([lat, lng]);
    driverDot ??= L.circleMarker([lat, lng], { radius: 6, color: "#1d4ed8", className: "driver-dot" }).addTo(map);
    driverDot.setLatLng([lat, lng]);
  }

  function showPayment(ride: Ride): void {
    const p = ride.payment;
    const refundable = p.id !== null && p.captured.amount > p.refunded.amount;
    const reason = h("input", { id: "refund-reason", required: true, maxlength: 500, autocomplete: "off" });
    const amount = h("input", { id: "refund-amount", inputmode: "numeric", pattern: "[0-9]*", autocomplete: "off" });
    const result = h("p", { role: "status", "aria-live": "polite" });
    fill(
      payment,
      h(
        "dl",
        {},
        h("dt", {}, "Method"),
        h("dd", {}, p.method),
        h("dt", {}, "Status"),
        h("dd", { "data-payment-status": p.status }, words(p.status)),
        h("dt", {}, "Captured"),
        h("dd", {}, money(p.captured)),
        h("dt", {}, "Refunded"),
        h("dd", { "data-refunded": p.refunded.amount }, money(p.refunded)),
      ),
      refundable &&
        h(
          "form",
          {
            class: "inline-form",
            onsubmit: async (e: Event) => {
              e.preventDefault();
              const minor = amount.value.trim() === "" ? undefined : Number(amount.value);
              try {
                await api("POST", `/v1/admin/payments/${p.id}/refund`, {
                  reason: reason.value,
                  ...(minor === undefined ? {} : { amount: { amount: minor, currency: p.captured.currency } }),
                });
                result.textContent = "Refunded.";
                show(await api<Ride>("GET", `/v1/rides/${id}`));
              } catch (error) {
                result.textContent = (error as Error).message;
              }
            },
          },
          h("label", { for: "refund-amount" }, "Refund (minor units; empty for the rest)", amount),
          h("label", { for: "refund-reason" }, "Reason", reason),
          h("button", { type: "submit" }, "Refund"),
          result,
        ),
    );
  }

  function showActions(ride: Ride): void {
    if (TERMINAL.includes(ride.status)) {
      fill(actions);
      return;
    }
    const reason = h("input", { id: "cancel-reason", maxlength: 500, autocomplete: "off" });
    const result = h("p", { role: "status", "aria-live": "polite" });
    fill(
      actions,
      h("h2", {}, "Cancel"),
      h(
        "form",
        {
          class: "inline-form",
          onsubmit: async (e: Event) => {
            e.preventDefault();
            if (!confirm("Cancel this ride as an admin?")) return;
            try {
              show(await api<Ride>("POST", `/v1/rides/${id}/cancel`, { reason: reason.value || undefined }));
            } catch (error) {
              result.textContent = (error as Error).message;
            }
          },
        },
        h("label", { for: "cancel-reason" }, "Reason", reason),
        h("button", { type: "submit", class: "danger" }, "Cancel the ride"),
        result,
      ),
    );
  }

  // ride.status (the whole ride), driver.location, ride.completed, ride.cancelled… (src/protocol/ride.ts)
  function listen(): void {
    if (stopped) return;
    socket = openSocket(`/v1/ws/rides/${id}`);
    socket.addEventListener("message", (e) => {
      const message = JSON.parse(String(e.data)) as { type: string; lat?: number; lng?: number };
      if (message.type === "driver.location" && message.lat !== undefined && message.lng !== undefined) {
        moved(message.lat, message.lng);
      } else if (message.type !== "error") {
        void api<Ride>("GET", `/v1/rides/${id}`).then(show, () => undefined);
      }
    });
  }

  api<Ride>("GET", `/v1/rides/${id}`).then(
    (ride) => {
      show(ride);
      listen();
    },
    (error: Error) => {
      state.textContent = error instanceof ApiError && error.status === 404 ? "No such ride." : error.message;
    },
  );
  return () => {
    stopped = true;
    socket?.close(1000, "left");
    map.remove();
  };
}
