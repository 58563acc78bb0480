/**
 * Live map (`#/map/{city}`): the city's service area as the base layer (and
 * tiles when configured), hexagons coloured by supply, demand or surge, the
 * dots of drivers on rides, and a list of those rides to follow by keyboard.
 * Fed by the admins' map socket (GET /v1/ws/admin/map, src/protocol/admin-map.ts).
 */
import L from "leaflet";
import { type MapCell, type MapDriver, parseMapMessage } from "../../src/protocol/admin-map.ts";
import { api, openSocket, renewForSocket } from "../api.ts";
import { consoleConfig } from "../config.ts";
import { fill, h, words } from "../dom.ts";
import { type ColourBy, drawHexes, driverDot, LEGEND_TITLE, legend } from "./map-layers.ts";
import type { Page, PageContext } from "./registry.ts";

interface City {
  id: string;
  name: string;
}

interface RideBrief {
  id: string;
  order_number: string | null;
  status: string;
  vehicle_class: string;
  driver: { name: string } | null;
}

/** A legend's colour (set through the style object: no inline style attribute for a CSP to refuse). */
function swatch(colour: string): HTMLElement {
  const el = h("span", { class: "swatch", "aria-hidden": "true" });
  el.style.background = colour;
  return el;
}

/** Reconnect after a dropped socket, at most this often. */
const RECONNECT_MS = 2_000;

export const mapPage: Page = {
  path: "map",
  title: "Live map",
  render(root, ctx) {
    const view = new LiveMap(root, ctx);
    void view.start();
    return () => view.stop();
  },
};

class LiveMap {
  private readonly ctx: PageContext;
  private readonly map: L.Map;
  private readonly hexes = L.layerGroup();
  private readonly dots = L.layerGroup();
  private readonly cells = new Map<string, MapCell>();
  private readonly drivers = new Map<string, { data: MapDriver; dot: L.CircleMarker }>();
  private area: L.Polygon | null = null;
  private socket: WebSocket | null = null;
  private stopped = false;
  private mode: ColourBy = "supply";
  private vehicleClass: string | null = null;
  private following: string | null = null;
  private redrawPending = false;
  private readonly els: {
    city: HTMLSelectElement;
    mode: HTMLSelectElement;
    vehicleClass: HTMLSelectElement;
    state: HTMLElement;
    legend: HTMLElement;
    list: HTMLElement;
    follow: HTMLElement;
  };

  constructor(root: HTMLElement, ctx: PageContext) {
    this.ctx = ctx;
    const select = (label: string, id: string, options: [string, string][]) => {
      const el = h("select", { id }, ...options.map(([value, text]) => h("option", { value }, text)));
      return { el, field: h("label", { for: id }, label, el) };
    };
    const city = select("City", "map-city", []);
    const mode = select("Colour by", "map-mode", [
      ["supply", "Supply"],
      ["demand", "Demand"],
      ["surge", "Surge"],
    ]);
    const vehicleClass = select("Class", "map-class", [["", "All classes"]]);
    const mapEl = h("div", { class: "map", role: "region", "aria-label": "Map of the city", tabindex: 0 });
    this.els = {
      city: city.el,
      mode: mode.el,
      vehicleClass: vehicleClass.el,
      state: h("span", { class: "socket-state", role: "status", "aria-live": "polite" }, "connecting…"),
      legend: h("div", { class: "legend", "aria-label": "Legend" }),
      list: h("ul", { class: "ride-list", "aria-label": "Drivers on rides" }),
      follow: h("div", { class: "follow-panel", "aria-live": "polite" }),
    };
    fill(
      root,
      h("h1", {}, "Live map"),
      h("div", { class: "toolbar" }, city.field, mode.field, vehicleClass.field, this.els.state),
      h(
        "div",
        { class: "map-layout" },
        h("div", { class: "map-wrap" }, mapEl, this.els.legend),
        h("aside", { class: "map-side" }, this.els.follow, h("h2", {}, "Rides under way"), this.els.list),
      ),
    );
    this.map = L.map(mapEl, { zoomControl: true, attributionControl: true, zoomSnap: 0.25 }).setView([20, 78], 4);
    this.hexes.addTo(this.map);
    this.dots.addTo(this.map);
    mode.el.addEventListener("change", () => {
      this.mode = mode.el.value as ColourBy;
      this.drawLegend();
      this.redraw();
    });
    vehicleClass.el.addEventListener("change", () => {
      this.vehicleClass = vehicleClass.el.value || null;
      this.redraw();
    });
    city.el.addEventListener("change", () => ctx.navigate("map", city.el.value));
    this.drawLegend();
  }

  async start(): Promise<void> {
    const config = await consoleConfig();
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution ?? "", maxZoom: 19 }).addTo(this.map);
    }
    try {
      const cities = await api<{ data: City[] }>("GET", "/v1/cities?limit=100");
      const classes = await api<{ data: { id: string; name: string }[] }>("GET", "/v1/vehicle-classes");
      const wanted = this.ctx.rest[0] ?? cities.data[0]?.id;
      fill(this.els.city, ...cities.data.map((c) => h("option", { value: c.id, selected: c.id === wanted }, c.name)));
      this.els.vehicleClass.append(...classes.data.map((c) => h("option", { value: c.id }, c.name)));
      if (!wanted) return this.setState("No city is active.");
      this.connect(wanted);
    } catch (error) {
      this.setState(`Could not load the cities: ${(error as Error).message}`);
    }
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close(1000, "left");
    this.map.remove();
  }

  private setState(text: string): void {
    this.els.state.textContent = text;
  }

  private connect(city: string): void {
    if (this.stopped) return;
    const socket = openSocket(`/v1/ws/admin/map?city=${encodeURIComponent(city)}`);
    this.socket = socket;
    socket.addEventListener("open", () => this.setState("live"));
    socket.addEventListener("message", (e) => this.receive(String(e.data)));
    socket.addEventListener("close", async (e) => {
      if (this.stopped || this.socket !== socket) return;
      if (e.code === 4404 || e.code === 4400 || e.code === 4401) return this.setState(`Closed: ${e.reason}`);
      if (e.code === 4001 && !(await renewForSocket())) return this.setState("Signed out.");
      this.setState("reconnecting…");
      setTimeout(() => this.connect(city), RECONNECT_MS);
    });
  }

  // map.snapshot, map.cell, map.driver, map.driver.gone (src/protocol/admin-map.ts)
  private receive(frame: string): void {
    const message = parseMapMessage(frame);
    if (!message) return;
    switch (message.type) {
      case "map.snapshot": {
        this.cells.clear();
        this.dots.clearLayers();
        this.drivers.clear();
        this.area?.remove();
        const rings = message.city.service_area.map((ring) => ring.map(([lng, lat]) => [lat, lng] as [number, number]));
        this.area = L.polygon(rings, {
          color: "#334155",
          weight: 2,
          fill: true,
          fillOpacity: 0.04,
          interactive: false,
        });
        this.area.addTo(this.map);
        this.map.fitBounds(this.area.getBounds(), { padding: [12, 12], animate: false });
        for (const cell of message.cells) this.cells.set(cell.cell, cell);
        for (const driver of message.drivers) this.place(driver);
        this.redraw();
        return;
      }
      case "map.cell": {
        const { type: _type, ...cell } = message;
        this.cells.set(cell.cell, cell);
        this.redraw();
        return;
      }
      case "map.driver": {
        const { type: _type, ...driver } = message;
        this.place(driver);
        this.redraw();
        return;
      }
      case "map.driver.gone": {
        this.drivers.get(message.driver_id)?.dot.remove();
        this.drivers.delete(message.driver_id);
        this.redraw();
        return;
      }
      case "error":
        this.setState(message.message);
    }
  }

  private place(driver: MapDriver): void {
    const followed = driver.ride_id !== null && driver.ride_id === this.following;
    const known = this.drivers.get(driver.driver_id);
    if (known) {
      known.data = driver;
      known.dot.setLatLng([driver.lat, driver.lng]).setStyle(driverDot(driver, followed));
    } else {
      const dot = L.circleMarker([driver.lat, driver.lng], driverDot(driver, followed))
        .bindTooltip(`${words(driver.status)} · ${driver.vehicle_class}`)
        .on("click", () => driver.ride_id && this.follow(driver.ride_id))
        .addTo(this.dots);
      this.drivers.set(driver.driver_id, { data: driver, dot });
    }
    if (followed) this.map.panTo([driver.lat, driver.lng], { animate: false });
  }

  /** Redraws hexagons and the ride list once per frame, however many messages arrived. */
  private redraw(): void {
    if (this.redrawPending) return;
    this.redrawPending = true;
    requestAnimationFrame(() => {
      this.redrawPending = false;
      if (this.stopped) return;
      drawHexes(this.hexes, this.cells.values(), this.mode, this.vehicleClass);
      this.drawList();
    });
  }

  private drawList(): void {
    const rows = [...this.drivers.values()].map((d) => d.data).sort((a, b) => a.driver_id.localeCompare(b.driver_id));
    if (rows.length === 0) {
      fill(this.els.list, h("li", { class: "empty" }, "No rides under way."));
      return;
    }
    fill(
      this.els.list,
      ...rows.map((d) =>
        h(
          "li",
          { "data-driver-id": d.driver_id, "data-ride-id": d.ride_id ?? "", "data-lat": d.lat, "data-lng": d.lng },
          h(
            "button",
            {
              type: "button",
              "aria-pressed": String(d.ride_id !== null && d.ride_id === this.following),
              onclick: () => d.ride_id && this.follow(d.ride_id),
            },
            `${words(d.status)} · ${d.vehicle_class}${d.ride_id ? ` · ride ${d.ride_id.slice(0, 8)}` : ""}`,
          ),
          h("span", { class: "coords" }, `${d.lat.toFixed(5)}, ${d.lng.toFixed(5)}`),
        ),
      ),
    );
  }

  private drawLegend(): void {
    fill(
      this.els.legend,
      h("strong", {}, LEGEND_TITLE[this.mode]),
      h(
        "ul",
        {},
        legend(this.mode).map((row) => h("li", {}, swatch(row.colour), row.label)),
      ),
    );
  }

  /** Follows a ride: its driver's dot stays centred, and its details show beside the map. */
  private async follow(rideId: string): Promise<void> {
    this.following = rideId;
    for (const d of this.drivers.values()) d.dot.setStyle(driverDot(d.data, d.data.ride_id === rideId));
    this.drawList();
    const driver = [...this.drivers.values()].find((d) => d.data.ride_id === rideId);
    // Not animated: a page left during a zoom animation makes Leaflet read a pane it has removed.
    if (driver)
      this.map.setView([driver.data.lat, driver.data.lng], Math.max(this.map.getZoom(), 14), { animate: false });
    fill(this.els.follow, h("p", {}, "Loading the ride…"));
    try {
      const ride = await api<RideBrief>("GET", `/v1/rides/${rideId}`);
      if (this.following !== rideId) return;
      fill(
        this.els.follow,
        h("h2", {}, `Following ${ride.order_number ?? ride.id.slice(0, 8)}`),
        h("p", {}, `${words(ride.status)} · ${ride.vehicle_class}${ride.driver ? ` · ${ride.driver.name}` : ""}`),
        h("a", { href: `#/rides/${ride.id}` }, "Open in the ride board"),
        " ",
        h("button", { type: "button", onclick: () => this.unfollow() }, "Stop following"),
      );
    } catch (error) {
      fill(this.els.follow, h("p", { class: "error" }, (error as Error).message));
    }
  }

  private unfollow(): void {
    this.following = null;
    for (const d of this.drivers.values()) d.dot.setStyle(driverDot(d.data, false));
    fill(this.els.follow);
    this.drawList();
  }
}
