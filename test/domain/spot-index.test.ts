/**
 * The in-memory search of parking spots (domain/spot-index.ts): against a
 * brute-force reference over random cities, every order, filter and
 * window, page by page through the cursor; and reservations, which hide a
 * window until released.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { distance } from "geokdbush";
import { openThroughout, type WeeklyHours } from "../../src/domain/operating-hours.ts";
import {
  type IndexedSpot,
  type IndexHit,
  type IndexQuery,
  SpotIndex,
  type SpotSort,
  sortValue,
} from "../../src/domain/spot-index.ts";
import { testSeed } from "./seed.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-12-07T00:00:00Z");
const CENTER = { lat: 23.03, lng: 72.58 };
const TYPES = ["indoor", "outdoor", "garage"];
const SIZES = ["compact", "standard"];
const AMENITIES = ["isCovered", "hasEvCharging", "hasLighting"];
const WEEKDAYS_8_TO_8: WeeklyHours = Object.fromEntries(
  (["mon", "tue", "wed", "thu", "fri"] as const).map((d) => [d, ["08:00-20:00"]]),
);
const WEEKENDS_ONLY: WeeklyHours = { sat: ["00:00-24:00"], sun: ["00:00-24:00"] };

function spot(id: number, over: Partial<IndexedSpot> = {}): IndexedSpot {
  return {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    lat: CENTER.lat,
    lng: CENTER.lng,
    active: true,
    spotType: "outdoor",
    vehicleSize: "standard",
    hourlyRate: 100,
    dailyRate: null,
    monthlyRate: null,
    currency: "INR",
    ratingAvg: 0,
    amenities: [],
    hours: null,
    timezone: "Asia/Kolkata",
    holds: [],
    ...over,
  };
}

/** What the index must return: every spot checked, sorted, cut after the cursor. */
function reference(spots: IndexedSpot[], q: IndexQuery, reserved: Map<string, [number, number][]>): IndexHit[] {
  const overlaps = (start: number, end: number) => start < (q.window?.endMs ?? 0) && (q.window?.startMs ?? 0) < end;
  return spots
    .map((s) => ({ s, d: distance(q.lng, q.lat, s.lng, s.lat) * 1000 }))
    .filter(({ s, d }) => {
      if (!s.active || d > q.radiusM) return false;
      if (q.spotType && s.spotType !== q.spotType) return false;
      if (q.vehicleSize && s.vehicleSize !== q.vehicleSize) return false;
      if (q.maxHourlyRate !== undefined && s.hourlyRate > q.maxHourlyRate) return false;
      if (!q.amenities.every((a) => s.amenities.includes(a))) return false;
      if (q.window) {
        for (let i = 0; i < s.holds.length; i += 2)
          if (overlaps(s.holds[i] as number, s.holds[i + 1] as number)) return false;
        if ((reserved.get(s.id) ?? []).some(([a, b]) => overlaps(a, b))) return false;
        if (!openThroughout(s.hours, s.timezone, new Date(q.window.startMs), new Date(q.window.endMs))) return false;
      }
      return true;
    })
    .map(({ s, d }) => ({
      id: s.id,
      distanceM: d,
      value: sortValue(q.sort, { ...s, distanceM: d }),
    }))
    .sort((a, b) => a.value - b.value || (a.id < b.id ? -1 : 1))
    .map(({ id, distanceM }) => ({ id, distanceM }));
}

/** Every page of a query, following the cursor as the route does (`limit` + 1 asked, `limit` kept). */
function allPages(
  index: SpotIndex,
  spots: Map<string, IndexedSpot>,
  q: Omit<IndexQuery, "limit" | "after">,
  limit: number,
): IndexHit[] {
  const out: IndexHit[] = [];
  let after: IndexQuery["after"];
  for (let pages = 0; pages < 1000; pages++) {
    const hits = index.search({ ...q, after, limit: limit + 1 });
    out.push(...hits.slice(0, limit));
    const last = hits[limit - 1];
    if (hits.length <= limit || !last) return out;
    const s = spots.get(last.id) as IndexedSpot;
    after = { value: sortValue(q.sort, { ...s, distanceM: last.distanceM }), id: last.id };
  }
  throw new Error("runaway pagination");
}

describe("spot index", () => {
  it("finds what a brute-force scan finds, in the same order, page after page", () => {
    const seed = testSeed("spot-index");
    const spotArb = fc.record({
      dLat: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
      dLng: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
      active: fc.integer({ min: 0, max: 9 }).map((n) => n > 1),
      type: fc.constantFrom(...TYPES),
      size: fc.constantFrom(...SIZES),
      rate: fc.integer({ min: 50, max: 500 }),
      rating: fc.constantFrom(0, 3.5, 4, 4.5, 5),
      amenities: fc.subarray(AMENITIES),
      hours: fc.constantFrom<WeeklyHours | null>(null, null, WEEKDAYS_8_TO_8, WEEKENDS_ONLY),
      holds: fc.array(fc.tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 8 })), { maxLength: 4 }),
    });
    const queryArb = fc.record({
      radiusM: fc.integer({ min: 100, max: 5_000 }),
      sort: fc.constantFrom<SpotSort>("distance", "price", "rating"),
      window: fc.option(fc.tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 6 })), { nil: null }),
      spotType: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
      maxHourlyRate: fc.option(fc.integer({ min: 50, max: 500 }), { nil: undefined }),
      amenities: fc.subarray(AMENITIES, { maxLength: 1 }),
      limit: fc.integer({ min: 1, max: 7 }),
      reserve: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 96 }), fc.integer({ min: 1, max: 4 })), {
        nil: null,
      }),
    });
    fc.assert(
      fc.property(fc.array(spotArb, { minLength: 1, maxLength: 60 }), queryArb, (drawn, q) => {
        const index = new SpotIndex();
        const spots = drawn.map((d, i) =>
          spot(i, {
            lat: CENTER.lat + d.dLat,
            lng: CENTER.lng + d.dLng,
            active: d.active,
            spotType: d.type,
            vehicleSize: d.size,
            hourlyRate: d.rate,
            ratingAvg: d.rating,
            amenities: d.amenities,
            hours: d.hours,
            holds: d.holds.flatMap(([h, n]) => [T0 + h * HOUR, T0 + (h + n) * HOUR]),
          }),
        );
        for (const s of spots) index.put(s);
        const reserved = new Map<string, [number, number][]>();
        if (q.reserve) {
          const [which, h, n] = q.reserve;
          const s = spots[which % spots.length] as IndexedSpot;
          index.reserve("token", s.id, T0 + h * HOUR, T0 + (h + n) * HOUR, 0);
          reserved.set(s.id, [[T0 + h * HOUR, T0 + (h + n) * HOUR]]);
        }
        const query = {
          ...CENTER,
          radiusM: q.radiusM,
          window: q.window && { startMs: T0 + q.window[0] * HOUR, endMs: T0 + (q.window[0] + q.window[1]) * HOUR },
          spotType: q.spotType,
          maxHourlyRate: q.maxHourlyRate,
          amenities: q.amenities,
          sort: q.sort,
        };
        const expected = reference(spots, { ...query, limit: 0 }, reserved);
        const got = allPages(index, new Map(spots.map((s) => [s.id, s])), query, q.limit);
        assert.deepEqual(
          got.map((h) => h.id),
          expected.map((h) => h.id),
        );
        for (const [i, h] of got.entries()) assert.ok(Math.abs(h.distanceM - (expected[i]?.distanceM ?? 0)) < 1e-6);
      }),
      { seed, numRuns: 300 },
    );
  });

  it("hides a reserved window until it is released, and a removed spot for good", () => {
    const index = new SpotIndex();
    const a = spot(1);
    index.put(a);
    const q: IndexQuery = {
      ...CENTER,
      radiusM: 100,
      window: { startMs: T0, endMs: T0 + 2 * HOUR },
      amenities: [],
      sort: "distance",
      limit: 5,
    };
    assert.equal(index.search(q).length, 1);
    index.reserve("r1", a.id, T0 + HOUR, T0 + 3 * HOUR, 1_000);
    assert.equal(index.search(q).length, 0);
    // Touching is not overlapping.
    assert.equal(index.search({ ...q, window: { startMs: T0 + 3 * HOUR, endMs: T0 + 4 * HOUR } }).length, 1);
    index.release("r1");
    assert.equal(index.search(q).length, 1);
    // A reservation nobody settles expires.
    index.reserve("r2", a.id, T0, T0 + HOUR, 1_000);
    index.expire(999);
    assert.equal(index.search(q).length, 0);
    index.expire(1_001);
    assert.equal(index.search(q).length, 1);
    // Held by a booking Postgres has; then gone.
    index.put({ ...a, holds: [T0 + HOUR / 2, T0 + HOUR] });
    assert.equal(index.search(q).length, 0);
    assert.equal(index.search({ ...q, window: null }).length, 1);
    index.remove(a.id);
    assert.equal(index.search({ ...q, window: null }).length, 0);
  });

  it("offers a spot only for windows inside its opening hours", () => {
    const index = new SpotIndex();
    // 09:00–18:00 in Kolkata is 03:30–12:30 UTC.
    index.put(spot(1, { hours: { mon: ["09:00-18:00"] } }));
    const monday = Date.parse("2026-12-07T03:30:00Z");
    const q = (startMs: number, endMs: number): IndexQuery => ({
      ...CENTER,
      radiusM: 100,
      window: { startMs, endMs },
      amenities: [],
      sort: "distance",
      limit: 5,
    });
    assert.equal(index.search(q(monday, monday + 9 * HOUR)).length, 1);
    assert.equal(index.search(q(monday - HOUR, monday + HOUR)).length, 0);
    assert.equal(index.search(q(monday + 8 * HOUR, monday + 10 * HOUR)).length, 0);
  });
});
