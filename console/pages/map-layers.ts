/**
 * The live map's drawing: the hexagon layer (supply per res-8 hexagon,
 * demand or surge per actor cell), its colour scale and legend, and the
 * driver dots. Pure Leaflet + h3-js; the page (map.ts) feeds it the socket's
 * messages.
 */
import { cellToBoundary } from "h3-js";
import L from "leaflet";
import type { MapCell, MapDriver } from "../../src/protocol/admin-map.ts";

export type ColourBy = "supply" | "demand" | "surge";

/** Light to dark: a sequential scale that reads on a white base. */
const PALETTE = ["#fff3b0", "#fdd36a", "#f9a03f", "#e4572e", "#a4161a"];

/** Where each mode's values break between colours. */
const STEPS: Record<ColourBy, number[]> = {
  supply: [1, 2, 4, 8, 16],
  demand: [1, 2, 4, 8, 16],
  surge: [1.01, 1.2, 1.5, 2, 2.5],
};

export const LEGEND_TITLE: Record<ColourBy, string> = {
  supply: "Available drivers per hexagon",
  demand: "Open requests per cell",
  surge: "Surge per cell",
};

function colour(mode: ColourBy, value: number): string | null {
  const steps = STEPS[mode];
  let index = -1;
  for (let i = 0; i < steps.length; i++) if (value >= (steps[i] as number)) index = i;
  return index < 0 ? null : (PALETTE[index] as string);
}

/** The legend's rows: a colour and the values it stands for. */
export function legend(mode: ColourBy): { colour: string; label: string }[] {
  const steps = STEPS[mode];
  return steps.map((from, i) => {
    const to = steps[i + 1];
    const show = (v: number) => (mode === "surge" ? `×${v.toFixed(2)}` : String(v));
    return { colour: PALETTE[i] as string, label: to === undefined ? `${show(from)}+` : `${show(from)}–${show(to)}` };
  });
}

function boundary(h3: string): L.LatLngExpression[] {
  return cellToBoundary(h3).map(([lat, lng]) => [lat, lng] as [number, number]);
}

/** Redraws the hexagons from every cell's last summary. */
export function drawHexes(
  layer: L.LayerGroup,
  cells: Iterable<MapCell>,
  mode: ColourBy,
  vehicleClass: string | null,
): number {
  layer.clearLayers();
  let drawn = 0;
  const add = (h3: string, value: number, label: string) => {
    const fill = colour(mode, value);
    if (!fill) return;
    drawn++;
    L.polygon(boundary(h3), {
      color: "#6b4e16",
      weight: 0.6,
      fillColor: fill,
      fillOpacity: 0.6,
      className: `hex hex-${mode}`,
    })
      .bindTooltip(label)
      .addTo(layer);
  };
  for (const cell of cells) {
    if (mode === "supply") {
      const perHex = new Map<string, number>();
      for (const hex of cell.hexes) {
        if (vehicleClass && hex.vehicle_class !== vehicleClass) continue;
        perHex.set(hex.h3, (perHex.get(hex.h3) ?? 0) + hex.available);
      }
      for (const [h3, n] of perHex) add(h3, n, `${n} available`);
    } else if (mode === "demand") {
      add(cell.cell, cell.open_requests, `${cell.open_requests} open requests`);
    } else {
      add(cell.cell, cell.surge, `surge ×${cell.surge.toFixed(2)}`);
    }
  }
  return drawn;
}

/** A driver's dot: coloured by status, larger for the ride being followed. */
export function driverDot(driver: MapDriver, followed: boolean): L.CircleMarkerOptions {
  return {
    radius: followed ? 9 : 6,
    color: "#ffffff",
    weight: 2,
    fillColor: driver.status === "on_ride" ? "#1d4ed8" : "#7c3aed",
    fillOpacity: 1,
    className: `driver-dot${followed ? " followed" : ""}`,
  };
}
