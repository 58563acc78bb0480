/**
 * Analytics (`#/analytics`): the figures of GET /v1/admin/analytics by UTC
 * hour or day, for one city or all: rides requested, completed, cancelled
 * and without a driver; completion rate; median time to assignment and
 * pickup distance; active drivers; gross bookings and commission (one chart
 * per currency); parking bookings and occupancy. Charts by uPlot
 * (console/chart.ts), and the same figures as a table for screen readers.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { api } from "../api.ts";
import { lineChart, type Series } from "../chart.ts";
import { field, fill, h, money, table } from "../dom.ts";
import { query } from "../paged.ts";
import type { Page } from "./registry.ts";

type Analytics = components["schemas"]["Analytics"];
type Bucket = components["schemas"]["AnalyticsBucket"];

const DAY = 86_400_000;
const COLORS = ["#1d4ed8", "#15803d", "#b91c1c", "#a16207", "#7c3aed"];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Amounts in one currency, in major units (a chart's axis), null where none moved. */
function inCurrency(buckets: Bucket[], pick: (b: Bucket) => { amount: number; currency: string }[], currency: string) {
  const digits =
    new Intl.NumberFormat(undefined, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return buckets.map((b) => {
    const m = pick(b).find((x) => x.currency === currency);
    return m ? m.amount / 10 ** digits : 0;
  });
}

export const analyticsPage: Page = {
  path: "analytics",
  title: "Analytics",
  render(root) {
    const today = new Date(Date.now() - (Date.now() % DAY));
    const city = h("input", { id: "analytics-city", maxlength: 64, placeholder: "all cities", autocomplete: "off" });
    const from = h("input", { id: "analytics-from", type: "date", value: isoDate(new Date(today.getTime() - DAY)) });
    const to = h("input", { id: "analytics-to", type: "date", value: isoDate(today) });
    const bucket = h(
      "select",
      { id: "analytics-bucket" },
      h("option", { value: "hour" }, "by hour"),
      h("option", { value: "day" }, "by day"),
    );
    const state = h("p", { role: "status", "aria-live": "polite" });
    const charts = h("div", { class: "charts" });
    const figures = h("details", {});
    let freeing: (() => void)[] = [];

    function free(): void {
      for (const f of freeing) f();
      freeing = [];
    }

    function draw(a: Analytics): void {
      free();
      charts.replaceChildren();
      const times = a.buckets.map((b) => new Date(b.start));
      const chart = (title: string, series: Series[]) => freeing.push(lineChart(charts, title, times, series).destroy);
      const ride = (k: keyof Bucket["rides"]) => a.buckets.map((b) => b.rides[k]);
      chart("Rides", [
        { label: "requested", values: ride("requested"), color: COLORS[0] as string },
        { label: "completed", values: ride("completed"), color: COLORS[1] as string },
        { label: "cancelled", values: ride("cancelled"), color: COLORS[2] as string },
        { label: "no driver", values: ride("no_driver"), color: COLORS[3] as string },
      ]);
      chart("Completion rate (%)", [
        {
          label: "completed / requested",
          values: a.buckets.map((b) => (b.rides.completion_rate === null ? null : b.rides.completion_rate * 100)),
          color: COLORS[1] as string,
        },
      ]);
      chart("Median time to assignment (s)", [
        { label: "seconds", values: ride("median_assignment_s"), color: COLORS[0] as string },
      ]);
      chart("Median pickup distance (m)", [
        { label: "metres", values: ride("median_pickup_distance_m"), color: COLORS[4] as string },
      ]);
      chart("Active drivers", [{ label: "drivers", values: ride("active_drivers"), color: COLORS[0] as string }]);
      const currencies = [
        ...new Set(a.buckets.flatMap((b) => [...b.gross_bookings, ...b.commission].map((m) => m.currency))),
      ];
      for (const currency of currencies) {
        chart(`Money (${currency})`, [
          {
            label: "gross bookings",
            values: inCurrency(a.buckets, (b) => b.gross_bookings, currency),
            color: COLORS[0] as string,
          },
          {
            label: "commission",
            values: inCurrency(a.buckets, (b) => b.commission, currency),
            color: COLORS[1] as string,
          },
        ]);
      }
      chart("Parking", [
        { label: "bookings", values: a.buckets.map((b) => b.parking.bookings), color: COLORS[0] as string },
        {
          label: "occupancy %",
          values: a.buckets.map((b) => (b.parking.occupancy === null ? null : b.parking.occupancy * 100)),
          color: COLORS[3] as string,
        },
      ]);
      const totals = (pick: (b: Bucket) => { amount: number; currency: string }[], b: Bucket) =>
        pick(b).map(money).join(", ") || "—";
      fill(
        figures,
        h("summary", {}, "The figures as a table"),
        table(
          "Figures per bucket (UTC)",
          ["Start", "Requested", "Completed", "Cancelled", "No driver", "Drivers", "Gross", "Commission", "Parking"],
          a.buckets.map((b) => [
            b.start.replace("T", " ").slice(0, 16),
            b.rides.requested,
            b.rides.completed,
            b.rides.cancelled,
            b.rides.no_driver,
            b.rides.active_drivers,
            totals((x) => x.gross_bookings, b),
            totals((x) => x.commission, b),
            b.parking.bookings,
          ]),
        ),
      );
      const requested = a.buckets.reduce((n, b) => n + b.rides.requested, 0);
      state.textContent = `${a.buckets.length} buckets · ${requested} rides requested`;
    }

    async function load(): Promise<void> {
      state.textContent = "loading…";
      try {
        const end = new Date(`${to.value}T00:00:00Z`).getTime() + DAY;
        const path = `/v1/admin/analytics${query({
          city: city.value.trim(),
          from: new Date(`${from.value}T00:00:00Z`).toISOString(),
          to: new Date(end).toISOString(),
          bucket: bucket.value,
        })}`;
        draw(await api<Analytics>("GET", path));
      } catch (error) {
        state.textContent = (error as Error).message;
      }
    }

    fill(
      root,
      h("h1", {}, "Analytics"),
      h(
        "form",
        {
          class: "toolbar",
          onsubmit: (e: Event) => {
            e.preventDefault();
            void load();
          },
        },
        field("City", city),
        field("From (UTC)", from),
        field("To (UTC, inclusive)", to),
        field("Bucket", bucket),
        h("button", { type: "submit" }, "Show"),
      ),
      state,
      charts,
      figures,
    );
    bucket.addEventListener("change", () => void load());
    void load();
    return free;
  },
};
