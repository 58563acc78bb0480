/**
 * The admins' live map as a cell computes it (src/domain/map-summary.ts):
 * available drivers counted per res-8 hexagon and class against a brute
 * force, the dots of drivers on rides, only what changed resent, and the
 * cells that cover a service area.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cellToParent, latLngToCell } from "h3-js";
import { seeded } from "../../scripts/simulate/random.ts";
import { cellOf, cellsCovering } from "../../src/domain/cells.ts";
import { DriverIndex } from "../../src/domain/driver-index.ts";
import { emptySent, mapCell, mapChanges, mapDrivers } from "../../src/domain/map-summary.ts";
import { MAP_HEX_RES } from "../../src/protocol/admin-map.ts";

const CENTRE = { lat: 23.0225, lng: 72.5714 };

describe("map summary", () => {
  it("counts available drivers per res-8 hexagon and class, as a brute force does", () => {
    const random = seeded(8);
    const index = new DriverIndex();
    const expected = new Map<string, number>();
    for (let d = 0; d < 500; d++) {
      const lat = CENTRE.lat + (random() - 0.5) * 0.05;
      const lng = CENTRE.lng + (random() - 0.5) * 0.05;
      const vehicleClass = ["bike", "auto", "car"][d % 3] as string;
      const status = d % 5 === 0 ? "on_ride" : "available";
      index.upsert({ driverId: `d${d}`, lat, lng, vehicleClass, status, rating: 5, lastSeen: 0 });
      if (status !== "available") continue;
      const key = `${cellToParent(latLngToCell(lat, lng, 9), MAP_HEX_RES)}/${vehicleClass}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const cell = mapCell("86283082fffffff", index.byBucket("available"), { surge: 1.234, openRequests: 3, at: 0 });
    const got = new Map(cell.hexes.map((h) => [`${h.h3}/${h.vehicle_class}`, h.available]));
    assert.deepEqual(got, expected);
    assert.equal(cell.surge, 1.23);
    assert.equal(cell.open_requests, 3);
    assert.equal(cell.ts, "1970-01-01T00:00:00.000Z");
  });

  it("shows a dot for connected drivers with a ride or an offer only", () => {
    const base = { vehicleClass: "car", lat: 23, lng: 72.5, lastSeen: 0, connected: true };
    const dots = mapDrivers([
      { ...base, driverId: "a", status: "on_ride", rideId: "r1", heading: 370 },
      { ...base, driverId: "b", status: "available", rideId: null },
      { ...base, driverId: "c", status: "on_ride", rideId: "r2", connected: false },
      { ...base, driverId: "d", status: "offered", rideId: "r3" },
    ]);
    assert.deepEqual(
      dots.map((d) => [d.driver_id, d.ride_id, d.heading]),
      [
        ["a", "r1", 10],
        ["d", "r3", null],
      ],
    );
  });

  it("resends only what changed, everything when asked, and says who left", () => {
    const sent = emptySent();
    const cell = mapCell("c", [], { surge: 1, openRequests: 0, at: 0 });
    const dot = mapDrivers([
      {
        driverId: "a",
        vehicleClass: "car",
        status: "on_ride",
        lat: 23,
        lng: 72.5,
        lastSeen: 0,
        rideId: "r",
        connected: true,
      },
    ]);
    assert.deepEqual(mapChanges(cell, dot, sent, false), { from: "c", cell, drivers: dot, gone: [] });
    // The same again, a moment later: nothing to send.
    assert.equal(mapChanges({ ...cell, ts: "1970-01-01T00:00:01.000Z" }, dot, sent, false), null);
    assert.deepEqual(mapChanges(cell, dot, sent, true)?.drivers, dot);
    const busier = { ...cell, open_requests: 2 };
    assert.deepEqual(mapChanges(busier, [], sent, false), { from: "c", cell: busier, drivers: [], gone: ["a"] });
  });

  it("covers a service area with the cells it touches and their neighbours", () => {
    const d = 0.05;
    const ring = [
      { lat: CENTRE.lat - d, lng: CENTRE.lng - d },
      { lat: CENTRE.lat - d, lng: CENTRE.lng + d },
      { lat: CENTRE.lat + d, lng: CENTRE.lng + d },
      { lat: CENTRE.lat + d, lng: CENTRE.lng - d },
      { lat: CENTRE.lat - d, lng: CENTRE.lng - d },
    ];
    const cells = cellsCovering([ring], 6);
    const random = seeded(6);
    for (let i = 0; i < 1000; i++) {
      const p = { lat: CENTRE.lat + (random() - 0.5) * 2 * d, lng: CENTRE.lng + (random() - 0.5) * 2 * d };
      assert.ok(cells.includes(cellOf(p, 6)), `${p.lat},${p.lng}`);
    }
    assert.ok(cells.length < 40, `${cells.length} cells`);
  });
});
