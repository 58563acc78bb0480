/**
 * The cell actor's in-memory driver index against a brute-force scan, on
 * random drivers around Ahmedabad. Randomised; prints its seed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seeded } from "../../scripts/simulate/random.ts";
import { cellOf, cellsTouchingCircle } from "../../src/domain/cells.ts";
import { DriverIndex, type IndexedDriver } from "../../src/domain/driver-index.ts";
import { haversineMeters } from "../../src/domain/geo.ts";
import { testSeed } from "./seed.ts";

const CENTER = { lat: 23.0225, lng: 72.5714 };
const CLASSES = ["bike", "auto", "car"];
const STATUSES = ["available", "available", "available", "offered", "on_ride", "break"] as const;

function randomDriver(random: () => number, i: number): IndexedDriver {
  return {
    driverId: `d${i}`,
    lat: CENTER.lat + (random() - 0.5) * 0.12,
    lng: CENTER.lng + (random() - 0.5) * 0.12,
    vehicleClass: CLASSES[Math.floor(random() * CLASSES.length)] as string,
    status: STATUSES[Math.floor(random() * STATUSES.length)] as IndexedDriver["status"],
    rating: 4 + random(),
    lastSeen: 0,
  };
}

describe("DriverIndex", () => {
  it("finds exactly the k nearest available drivers of a class, like a full scan", () => {
    const random = seeded(testSeed("driver-index"));
    const index = new DriverIndex();
    const drivers = Array.from({ length: 2000 }, (_, i) => randomDriver(random, i));
    for (const d of drivers) index.upsert(d);
    // Move a third of them, as location updates do.
    for (const d of drivers.slice(0, 700)) {
      d.lat += (random() - 0.5) * 0.01;
      d.lng += (random() - 0.5) * 0.01;
      index.upsert(d);
    }
    for (let q = 0; q < 200; q++) {
      const point = { lat: CENTER.lat + (random() - 0.5) * 0.1, lng: CENTER.lng + (random() - 0.5) * 0.1 };
      const vehicleClass = CLASSES[q % 3] as string;
      const radiusM = 500 + random() * 4000;
      const k = 1 + Math.floor(random() * 10);
      const expected = drivers
        .filter((d) => d.status === "available" && d.vehicleClass === vehicleClass)
        .map((d) => ({ id: d.driverId, distanceM: haversineMeters(point, d) }))
        .filter((d) => d.distanceM <= radiusM)
        .sort((a, b) => a.distanceM - b.distanceM)
        .slice(0, k);
      const got = index.nearest({ ...point, radiusM, vehicleClass, k });
      assert.deepEqual(
        got.map((c) => c.driverId),
        expected.map((e) => e.id),
        `query ${q}`,
      );
    }
  });

  it("forgets removed drivers and follows status changes", () => {
    const index = new DriverIndex();
    index.upsert({ driverId: "a", ...CENTER, vehicleClass: "car", status: "available", rating: 5, lastSeen: 0 });
    index.upsert({
      driverId: "b",
      lat: CENTER.lat + 0.001,
      lng: CENTER.lng,
      vehicleClass: "car",
      status: "available",
      rating: 5,
      lastSeen: 0,
    });
    const near = () => index.nearest({ ...CENTER, radiusM: 1000, k: 5 }).map((c) => c.driverId);
    assert.deepEqual(near(), ["a", "b"]);
    index.patch("a", { status: "offered" });
    assert.deepEqual(near(), ["b"]);
    index.remove("b");
    assert.deepEqual(near(), []);
    assert.deepEqual(index.counts(), { available: 0, offered: 1, on_ride: 0, break: 0 });
  });
});

describe("cellsTouchingCircle", () => {
  it("includes the cell of every point within the radius, and only nearby cells", () => {
    const random = seeded(7);
    for (let q = 0; q < 50; q++) {
      const center = { lat: CENTER.lat + (random() - 0.5) * 0.2, lng: CENTER.lng + (random() - 0.5) * 0.2 };
      const radiusM = 500 + random() * 8000;
      const cells = new Set(cellsTouchingCircle(center, radiusM, 6));
      for (let i = 0; i < 200; i++) {
        const angle = random() * 2 * Math.PI;
        const r = Math.sqrt(random()) * radiusM;
        const p = {
          lat: center.lat + (r * Math.cos(angle)) / 111_320,
          lng: center.lng + (r * Math.sin(angle)) / (111_320 * Math.cos((center.lat * Math.PI) / 180)),
        };
        if (haversineMeters(center, p) > radiusM) continue;
        assert.equal(cells.has(cellOf(p, 6)), true, `query ${q}`);
      }
      const most = radiusM < 3000 ? 7 : 19;
      assert.ok(cells.size <= most, `query ${q}: ${cells.size} cells, at most ${most}`);
    }
  });
});
