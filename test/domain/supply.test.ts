/**
 * Supply summaries (src/domain/supply.ts): what the rider's map and the
 * estimate's ETAs read instead of asking a cell per request. Randomised
 * against a brute-force answer; prints its seed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seeded } from "../../scripts/simulate/random.ts";
import { cellOf } from "../../src/domain/cells.ts";
import { DriverIndex } from "../../src/domain/driver-index.ts";
import { haversineMeters, type LatLng } from "../../src/domain/geo.ts";
import { type CellSupply, nearestByClass, nearestInSupply, summarizeSupply } from "../../src/domain/supply.ts";
import { testSeed } from "./seed.ts";

const SEED = testSeed("supply", "SUPPLY_SEED");
const CLASSES = ["bike", "auto", "car", "mini_truck"];

/** Drivers scattered over about 20 km around Ahmedabad, some not available; summaries per res-6 cell. */
function world(seed: number, n: number) {
  const random = seeded(seed);
  const byCell = new Map<string, DriverIndex>();
  const all: (LatLng & { vehicleClass: string; available: boolean; heading: number | undefined })[] = [];
  for (let i = 0; i < n; i++) {
    const p = { lat: 23.02 + (random() - 0.5) * 0.2, lng: 72.57 + (random() - 0.5) * 0.2 };
    const vehicleClass = CLASSES[Math.floor(random() * (i % 7 === 0 ? 4 : 3))] as string;
    const available = random() < 0.8;
    const heading = random() < 0.5 ? Math.floor(random() * 360) : undefined;
    all.push({ ...p, vehicleClass, available, heading });
    const cell = cellOf(p, 6);
    const index = byCell.get(cell) ?? new DriverIndex();
    byCell.set(cell, index);
    index.upsert({
      driverId: `d${i}`,
      ...p,
      vehicleClass,
      heading,
      status: available ? "available" : "on_ride",
      rating: 5,
      lastSeen: 0,
    });
  }
  const supplies: CellSupply[] = [...byCell].map(([cell, index]) =>
    summarizeSupply(cell, index.byBucket("available"), { surge: 1, openRequests: 0, at: 0 }),
  );
  return { all, supplies, random };
}

describe(`supply summaries (seed ${SEED})`, () => {
  it("carry every available driver once, with class and heading, and no one else", () => {
    const { all, supplies } = world(SEED, 2_000);
    const points = supplies.flatMap((s) => s.buckets.flatMap((b) => [...b.classes].map((k) => s.classes[k])));
    assert.equal(points.length, all.filter((d) => d.available).length);
    const summary = supplies[0] as CellSupply;
    assert.deepEqual(Object.keys(summary).sort(), ["at", "buckets", "cell", "classes", "openRequests", "surge"]);
  });

  it("answer k-nearest as a brute-force search over the available drivers does", () => {
    const { all, supplies, random } = world(SEED + 1, 3_000);
    for (let q = 0; q < 200; q++) {
      const point = { lat: 23.02 + (random() - 0.5) * 0.15, lng: 72.57 + (random() - 0.5) * 0.15 };
      const radiusM = 200 + random() * 5_000;
      const k = 1 + Math.floor(random() * 15);
      const vehicleClass = random() < 0.5 ? (CLASSES[Math.floor(random() * 4)] as string) : undefined;
      const expected = all
        .filter((d) => d.available && (!vehicleClass || d.vehicleClass === vehicleClass))
        .map((d) => haversineMeters(point, d))
        .filter((m) => m <= radiusM)
        .sort((a, b) => a - b)
        .slice(0, k);
      const found = nearestInSupply(supplies, { ...point, radiusM, k, vehicleClass });
      assert.deepEqual(
        found.map((f) => f.distanceM),
        expected,
        `query ${q}`,
      );
      if (vehicleClass)
        assert.equal(
          found.every((f) => f.vehicleClass === vehicleClass),
          true,
          `query ${q}`,
        );
    }
  });

  it("give each class's nearest available driver, as brute force does", () => {
    const { all, supplies, random } = world(SEED + 2, 3_000);
    for (let q = 0; q < 100; q++) {
      const point = { lat: 23.02 + (random() - 0.5) * 0.15, lng: 72.57 + (random() - 0.5) * 0.15 };
      const expected = new Map<string, number>();
      for (const d of all) {
        const m = haversineMeters(point, d);
        if (d.available && m <= 5_000 && m < (expected.get(d.vehicleClass) ?? Number.POSITIVE_INFINITY)) {
          expected.set(d.vehicleClass, m);
        }
      }
      const found = nearestByClass(supplies, point, 5_000);
      assert.deepEqual(Object.fromEntries([...found].sort()), Object.fromEntries([...expected].sort()), `query ${q}`);
    }
  });
});
