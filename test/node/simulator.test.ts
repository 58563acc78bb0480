/**
 * The simulator's own logic: arrivals, hotspots, paths, its clock, report
 * statistics, parking renters' windows and the double-booking count, the
 * senders' deliveries and the drivers' photos, and the bulk provisioning of
 * its accounts (on the test database). Then a short run of the simulator
 * itself, deliveries only, against a platform it starts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { CITIES, VEHICLE_CLASSES } from "../../scripts/demo/data.ts";
import { provisionAccounts } from "../../scripts/lib/provision.ts";
import { pointNearHotspot, poissonArrivals } from "../../scripts/simulate/arrivals.ts";
import { humanDelayS, nextWaypoint } from "../../scripts/simulate/behaviour.ts";
import { dropoffFor, fleetClass, pick, SIM_CITIES } from "../../scripts/simulate/cities.ts";
import { Api, ApiError, ErrorLog, Session, type TokenPair } from "../../scripts/simulate/client.ts";
import { clockText, SimClock } from "../../scripts/simulate/clock.ts";
import { chooseAsk, classLimits, DropCodes, deliveryRequest } from "../../scripts/simulate/deliveries.ts";
import { emptyDeliveryCounts } from "../../scripts/simulate/driver-drops.ts";
import { encodeBlockJpeg, parcelPhoto } from "../../scripts/simulate/jpeg.ts";
import { leg, positionAt, randomPointIn } from "../../scripts/simulate/paths.ts";
import { seeded } from "../../scripts/simulate/random.ts";
import { DOUBLE_BOOKINGS_SQL, type ParkingVisit, pickBookingWindow } from "../../scripts/simulate/renter-bot.ts";
import {
  emptySamples,
  formatDeliveries,
  formatParking,
  formatReport,
  formatRun,
  percentile,
  share,
  summarize,
  summarizeDeliveries,
  summarizeParking,
} from "../../scripts/simulate/report.ts";
import { lostPositions, owedPositions, RideTraces, samplesFrom } from "../../scripts/simulate/trace.ts";
import { verifyPassword } from "../../src/auth/password.ts";
import { haversineMeters, type LatLng, pointInPolygon } from "../../src/domain/geo.ts";

const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);

describe("arrivals", () => {
  it("come at the asked rate on average, with exponential gaps", () => {
    console.log(`simulator seed: ${seed} (rerun with SEED=${seed})`);
    const times = poissonArrivals(seeded(seed), 120, 60);
    // 7,200 expected; a Poisson count's sd is about 85.
    expect(times.length).toBeGreaterThan(7200 - 400);
    expect(times.length).toBeLessThan(7200 + 400);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeCloseTo(0.5, 1);
    // Exponential: about 63 % of gaps are shorter than the mean.
    expect(gaps.filter((g) => g < 0.5).length / gaps.length).toBeCloseTo(0.632, 1);
  });

  it("are none at rate zero, and the same for the same seed", () => {
    expect(poissonArrivals(seeded(1), 0, 10)).toEqual([]);
    expect(poissonArrivals(seeded(42), 30, 5)).toEqual(poissonArrivals(seeded(42), 30, 5));
  });

  it("cluster around hotspots by weight", () => {
    const random = seeded(seed);
    const hotspots = [
      { lat: 23.0, lng: 72.5, weight: 3, radiusM: 500 },
      { lat: 23.1, lng: 72.6, weight: 1, radiusM: 500 },
    ];
    const points = Array.from({ length: 4000 }, () => pointNearHotspot(random, hotspots));
    const nearFirst = points.filter((p) => haversineMeters(p, hotspots[0] as never) <= 500).length;
    const nearSecond = points.filter((p) => haversineMeters(p, hotspots[1] as never) <= 501).length;
    expect(nearFirst + nearSecond).toBe(points.length);
    expect(nearFirst / points.length).toBeCloseTo(0.75, 1);
  });
});

describe("paths", () => {
  it("stay inside the service area and move at the city's speed", () => {
    const random = seeded(seed);
    const area = CITIES[0]?.serviceArea ?? [];
    const a = randomPointIn(random, area);
    const b = randomPointIn(random, area);
    expect(pointInPolygon(a, area) && pointInPolygon(b, area)).toBe(true);
    const l = leg(a, b, 100, 36);
    expect(l.endS - l.startS).toBeCloseTo(haversineMeters(a, b) / 10, 3);
    expect(positionAt(l, 0)).toMatchObject({ lat: a.lat, lng: a.lng });
    expect(positionAt(l, l.endS + 60)).toMatchObject({ lat: b.lat, lng: b.lng });
    const mid = positionAt(l, (l.startS + l.endS) / 2);
    expect(haversineMeters(mid, a)).toBeCloseTo(haversineMeters(mid, b), -1);
  });

  it("report the heading of travel", () => {
    const north = leg({ lat: 23, lng: 72.5 }, { lat: 23.01, lng: 72.5 }, 0, 30);
    const east = leg({ lat: 23, lng: 72.5 }, { lat: 23, lng: 72.51 }, 0, 30);
    expect(positionAt(north, 1).heading).toBeCloseTo(0, 0);
    expect(positionAt(east, 1).heading).toBeCloseTo(90, 0);
  });
});

describe("report", () => {
  it("computes nearest-rank percentiles and shares", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(share(1, 3)).toBe(33.3);
    expect(share(1, 0)).toBe(0);
  });

  it("summarizes what a run measured", () => {
    const s = emptySamples();
    Object.assign(s, { requests: 10, matched: 8, noDriver: 1, cancelled: 1, completed: 7 });
    s.assignmentS.push(2, 4, 6);
    s.errorsByCode.rate_limited = 2;
    expect(summarize(s)).toMatchObject({
      matched_pct: 80,
      no_driver_pct: 10,
      assignment_s: { p50: 4, p95: 6, p99: 6 },
      errors: { rate_limited: 2 },
    });
  });
});

describe("people", () => {
  const ahmedabad = SIM_CITIES.ahmedabad as NonNullable<(typeof SIM_CITIES)["ahmedabad"]>;

  it("drivers answer offers after a human delay, well inside the offer's 15 s", () => {
    const random = seeded(seed);
    const delays = Array.from({ length: 5000 }, () => humanDelayS(random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(12);
    expect(percentile(delays, 50)).toBeGreaterThan(2.5);
    expect(percentile(delays, 50)).toBeLessThan(3.5);
  });

  it("idle drivers and trips stay inside the service area, trips at town distances", () => {
    const random = seeded(seed);
    const area = ahmedabad.serviceArea;
    let at = nextWaypoint(random, area, null);
    const trips: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const next = nextWaypoint(random, area, at);
      expect(pointInPolygon(next, area)).toBe(true);
      expect(haversineMeters(at, next)).toBeLessThanOrEqual(3001);
      const dropoff = dropoffFor(random, area, at);
      expect(pointInPolygon(dropoff, area)).toBe(true);
      trips.push(haversineMeters(at, dropoff));
      at = next;
    }
    // Metres per degree are approximated when placing the point: within 0.2 %.
    expect(Math.min(...trips)).toBeGreaterThanOrEqual(997);
    expect(Math.max(...trips)).toBeLessThanOrEqual(8020);
    expect(percentile(trips, 50)).toBeGreaterThan(2500);
    expect(percentile(trips, 50)).toBeLessThan(3500);
  });

  it("the fleet has every class in proportion, and asks follow their weights", () => {
    const classes = Array.from({ length: 500 }, (_, i) => fleetClass(ahmedabad.fleet, i, 500));
    const count = (c: string) => classes.filter((x) => x === c).length;
    expect([count("bike"), count("auto"), count("car"), count("mini_truck")]).toEqual([175, 150, 125, 50]);
    const random = seeded(seed);
    const asks = Array.from({ length: 10_000 }, () => pick(random, ahmedabad.asks));
    expect(asks.filter((a) => a.service === "goods").length / asks.length).toBeCloseTo(0.15, 1);
  });
});

describe("traces", () => {
  it("count a position as lost only when it was owed and never arrived", () => {
    const traces = new RideTraces();
    const t = traces.of("ride-1");
    Object.assign(t, { requestedAt: 1_000, firstOfferAt: 1_500, assignedAt: 4_000, pickupDistanceM: 812.4 });
    t.sent.push(3_000, 5_000, 9_000, 13_000, 17_000);
    t.watchingSince = 4_000; // the 3 s position went out before the rider watched
    t.received.set(5_000, 12).set(9_000, 30).set(17_000, 8);
    t.status = "completed";
    expect(owedPositions(t)).toEqual([5_000, 9_000, 13_000, 17_000]);
    const s = samplesFrom(traces.all());
    expect(s).toMatchObject({
      requests: 1,
      matched: 1,
      completed: 1,
      nonTerminal: 0,
      messagesSent: 4,
      messagesLost: 1,
      firstOfferS: [0.5],
      assignmentS: [3],
      pickupDistanceM: [812],
    });
    expect(s.fanoutMs.sort((a, b) => a - b)).toEqual([8, 12, 30]);
  });

  it("explain each lost position with what both ends did around its send", () => {
    const t = new RideTraces().of("ride-2");
    Object.assign(t, { requestedAt: 0, watchingSince: 1_000, status: "completed" });
    t.sent.push(10_000, 14_000, 40_000);
    t.received.set(10_000, 20).set(40_000, 20);
    t.events.push(
      { at: 13_500, what: "driver told handoff" },
      { at: 14_700, what: "driver socket open" },
      { at: 35_000, what: "rider hears ride in_progress" }, // 21 s after the loss: too far to matter
    );
    expect(lostPositions(t)).toEqual([
      { rideId: "ride-2", ts: 14_000, context: ["-0.50 s driver told handoff", "+0.70 s driver socket open"] },
    ]);
  });

  it("do not owe positions sent after the rider asked to cancel, and count rides left open", () => {
    const traces = new RideTraces();
    const cancelled = traces.of("a");
    Object.assign(cancelled, { requestedAt: 0, watchingSince: 10, cancelAskedAt: 5_000, status: "cancelled" });
    cancelled.sent.push(1_000, 5_001);
    cancelled.received.set(1_000, 5);
    const open = traces.of("b");
    Object.assign(open, { requestedAt: 0, status: "in_progress" });
    traces.of("offer-only").firstOfferAt = 3; // a driver saw it, the rider's request never returned
    const s = samplesFrom(traces.all());
    expect(s).toMatchObject({ requests: 2, cancelled: 1, nonTerminal: 1, messagesSent: 1, messagesLost: 0 });
    expect(traces.open().map((t) => t.id)).toEqual(["b"]);
    const text = formatReport(summarize(s));
    expect(text).toContain("still open at the end 1");
    expect(text).toContain("errors by code      none");
  });
});

describe("the clock", () => {
  it("runs simulated time `speed` times faster than the wall clock", () => {
    let wall = 1_000_000;
    const clock = new SimClock(4, () => wall);
    expect(clock.nowS()).toBe(0);
    wall += 15_000; // 15 s of wall clock…
    expect(clock.nowS()).toBe(60); // …is a simulated minute
    expect(clock.wallMs(4_000)).toBe(1_000); // the 4 s position cadence, every wall second
    expect(clock.simulatedMs(250)).toBe(1_000);
    // An arrival at simulated second 100 is 25 s of wall clock after the start: 10 s from now.
    expect(clock.wallMsUntil(100)).toBe(10_000);
    expect(clock.wallMsUntil(30)).toBe(0);
    expect(new SimClock(1, () => wall).wallMs(4_000)).toBe(4_000);
    expect(() => new SimClock(0)).toThrow();
    expect([clockText(65), clockText(3725)]).toEqual(["01:05", "1:02:05"]);
  });

  it("reports times on the simulated clock, and says the speed and the platform's scale", () => {
    const traces = new RideTraces();
    Object.assign(traces.of("r"), { requestedAt: 0, firstOfferAt: 250, assignedAt: 1_000, status: "completed" });
    // 1 s of wall clock to assignment at speed 4 is 4 simulated seconds.
    expect(samplesFrom(traces.all(), 4)).toMatchObject({ firstOfferS: [1], assignmentS: [4] });
    const text = formatRun({
      speed: 4,
      platformTimeScale: 4,
      simulated: { requestsS: 300, drainS: 2_400 },
      wall: { platformStartS: 60, provisionS: 2, signInS: 50, onlineS: 20, requestsS: 75, drainS: 600, totalS: 807 },
    });
    expect(text).toContain("speed 4: simulated time ran 4× the wall clock");
    expect(text).toContain("TIME_SCALE 4");
    expect(text).toContain("simulated 45:00: 05:00 of requests, then 40:00 until every ride had ended");
    expect(text).toContain("wall clock 13:27 in all");
    expect(text).toContain("simulated (wall × 4)");
  });
});

describe("parking renters", () => {
  it("ask for a window starting 5–10 minutes ahead and lasting 30–90 whole minutes", () => {
    console.log(`simulator seed: ${seed} (rerun with SEED=${seed})`);
    const random = seeded(seed);
    const now = Date.parse("2025-03-01T10:00:00.000Z");
    const starts: number[] = [];
    const minutes: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const w = pickBookingWindow(random, now);
      const startsMs = Date.parse(w.starts_at);
      starts.push((startsMs - now) / 1000);
      minutes.push((Date.parse(w.ends_at) - startsMs) / 60_000);
    }
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...starts)).toBeLessThanOrEqual(600);
    expect(minutes.every(Number.isInteger)).toBe(true);
    // Both ends of each range are drawn, over 2,000 tries.
    expect([Math.min(...minutes), Math.max(...minutes)]).toEqual([30, 90]);
    expect(pickBookingWindow(seeded(seed), now)).toEqual(pickBookingWindow(seeded(seed), now));
  });

  it("are counted by how far each visit got, refusals one by one", () => {
    const visit = (v: Partial<ParkingVisit>): ParkingVisit => ({
      searched: true,
      found: 3,
      booked: true,
      refused: 0,
      confirmed: true,
      checkedIn: true,
      completed: true,
      error: null,
      ...v,
    });
    const p = summarizeParking(
      [
        visit({}),
        visit({ refused: 2 }),
        visit({ found: 0, booked: false, confirmed: false, checkedIn: false, completed: false }),
        visit({ confirmed: false, checkedIn: false, completed: false, error: "booking_not_confirmed" }),
      ],
      0,
    );
    expect(p).toEqual({
      visits: 4,
      searches: 4,
      nothing_free: 1,
      bookings: 3,
      refusals: 2,
      confirmed: 2,
      checked_in: 2,
      completed: 2,
      errors: 1,
      double_bookings: 0,
    });
    expect(formatParking(p)).toContain("refused (409) 2");
    expect(formatParking(summarizeParking([], null))).toContain("double bookings not counted");
  });

  it("count pairs of holding bookings of one spot whose half-open windows overlap", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      // A temporary table of the same name hides the real one, inside a transaction that is rolled back:
      // the embedded database serves one session to every connection (scripts/lib/pg-wire-server.ts),
      // leased to this one until the transaction ends, so no other test ever sees the stand-in.
      await client.query("begin");
      await client.query(
        "create temp table bookings (id uuid primary key, spot_id uuid, status text, starts_at timestamptz, ends_at timestamptz) on commit drop",
      );
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      const add = (spot: string, status: string, from: string, to: string) =>
        client.query("insert into bookings values ($1, $2, $3, $4, $5)", [
          crypto.randomUUID(),
          spot,
          status,
          `2025-03-01T${from}:00Z`,
          `2025-03-01T${to}:00Z`,
        ]);
      const count = async () => (await client.query<{ n: number }>(DOUBLE_BOOKINGS_SQL)).rows[0]?.n;
      await add(a, "confirmed", "10:00", "11:00");
      await add(a, "pending", "11:00", "12:00"); // touches, does not overlap
      await add(a, "cancelled", "10:30", "11:30"); // holds nothing
      await add(b, "in_progress", "10:30", "11:30"); // another spot
      expect(await count()).toBe(0);
      await add(a, "in_progress", "10:59", "11:01"); // overlaps both holding bookings of a
      expect(await count()).toBe(2);
    } finally {
      await client.query("rollback").catch(() => {});
      await client.end();
    }
  });
});

describe("bulk provisioning", () => {
  it("writes verified drivers with active vehicles and riders in one go, idempotently, with one shared hash", async () => {
    console.log(`simulator seed: ${seed} (rerun with SEED=${seed})`);
    const url = inject("databaseUrl");
    const prefix = `test-${seed}-${Math.floor(Math.random() * 1e6)}`;
    const options = {
      cityId: "ahmedabad",
      drivers: 40,
      riders: 25,
      fleet: (SIM_CITIES.ahmedabad as NonNullable<(typeof SIM_CITIES)["ahmedabad"]>).fleet,
      password: "sim-password-1",
      prefix,
    };
    const first = await provisionAccounts(url, options);
    expect(first.drivers).toHaveLength(40);
    expect(first.riders).toHaveLength(25);
    expect(first.drivers[6]).toMatchObject({ n: 7, email: `${prefix}-driver-7@curbside.test` });
    expect(await verifyPassword("sim-password-1", first.passwordHash)).toBe(true);

    // Again, reusing the hash: the same accounts and vehicles, nothing added.
    const again = await provisionAccounts(url, { ...options, passwordHash: first.passwordHash });
    expect(again.drivers.map((d) => [d.id, d.vehicleId])).toEqual(first.drivers.map((d) => [d.id, d.vehicleId]));
    expect(again.riders.map((r) => r.id)).toEqual(first.riders.map((r) => r.id));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const users = await client.query<{ role: string; n: string; hashes: string }>(
        "select role, count(*) as n, count(distinct password_hash) as hashes from users where email like $1 group by role order by role::text",
        [`${prefix}-%`],
      );
      expect(users.rows).toEqual([
        { role: "driver", n: "40", hashes: "1" },
        { role: "rider", n: "25", hashes: "1" },
      ]);
      const ready = await client.query<{ vehicle_class_id: string; n: string }>(
        `select v.vehicle_class_id, count(*) as n
         from driver_profiles p join vehicles v on v.driver_id = p.user_id and v.is_active
         where p.status = 'verified' and p.city_id = 'ahmedabad' and p.user_id = any($1::uuid[])
         group by v.vehicle_class_id order by v.vehicle_class_id`,
        [first.drivers.map((d) => d.id)],
      );
      // Every driver can go online, in the city's mix (35 / 30 / 25 / 10 %).
      expect(Object.fromEntries(ready.rows.map((r) => [r.vehicle_class_id, Number(r.n)]))).toEqual({
        auto: 12,
        bike: 14,
        car: 10,
        mini_truck: 4,
      });
      const vehicles = await client.query<{ n: string }>(
        "select count(*) as n from vehicles where driver_id = any($1::uuid[])",
        [first.drivers.map((d) => d.id)],
      );
      expect(Number(vehicles.rows[0]?.n)).toBe(40);

      // A driver whose admin suspended them, or who switched vehicles, is set right by the next run.
      const driver = first.drivers[0] as (typeof first.drivers)[number];
      await client.query("update driver_profiles set status = 'suspended' where user_id = $1", [driver.id]);
      await client.query("update vehicles set is_active = false where id = $1", [driver.vehicleId]);
      await client.query(
        "insert into vehicles (driver_id, vehicle_class_id, plate, model, is_active) values ($1, 'car', $2, 'Own car', true)",
        [driver.id, `${prefix}-OWN`],
      );
      await provisionAccounts(url, { ...options, passwordHash: first.passwordHash });
      const after = await client.query<{ status: string; active: string[] }>(
        `select p.status, array(select v.id::text from vehicles v where v.driver_id = p.user_id and v.is_active) as active
         from driver_profiles p where p.user_id = $1`,
        [driver.id],
      );
      expect(after.rows[0]).toEqual({ status: "verified", active: [driver.vehicleId] });
    } finally {
      await client.end();
    }
  });

  it("refuses a city the database does not have", async () => {
    await expect(
      provisionAccounts(inject("databaseUrl"), {
        cityId: "atlantis",
        drivers: 1,
        riders: 0,
        fleet: "car",
        password: "whatever-1",
        passwordHash: "pbkdf2-sha256$1$AA$AA",
      }),
    ).rejects.toThrow(/no city "atlantis"/);
  });
});

describe("the simulated apps' HTTP client", () => {
  it("counts a 2xx whose body is not JSON as an error, never as an empty success", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/broken") {
        res.writeHead(201, { "content-type": "application/json" });
        res.end('{"id": "half');
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"id":"r1"}');
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const errors = new ErrorLog();
      const api = new Api(base, "10.0.0.1", errors);
      expect(await api.call<{ id: string }>("GET", "/fine")).toEqual({ id: "r1" });
      const failed = await api.call("POST", "/broken").catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ApiError);
      expect(failed).toMatchObject({ status: 201, code: "malformed_response" });
      expect(errors.byCode).toEqual({ malformed_response: 1 });
    } finally {
      server.close();
    }
  });

  it("waits out a failed refresh instead of retrying at once, using the token while it still works", async () => {
    let refreshes = 0;
    class FailingApi extends Api {
      override call<T>(): Promise<T> {
        refreshes++;
        return Promise.reject(new ApiError(500, "internal_error", "down"));
      }
    }
    const tokens: TokenPair = {
      access_token: "still-valid",
      refresh_token: "r",
      expires_in: 30, // within the minute before expiry: due for a refresh
      user: { id: "u1", role: "rider" },
    };
    const session = new Session(new FailingApi("http://127.0.0.1:1", "10.0.0.2", new ErrorLog()), tokens);
    await expect(session.token()).rejects.toMatchObject({ code: "internal_error" });
    expect(session.backingOff()).toBe(true);
    // Backing off: the token still works, so it is used, and nothing is sent.
    expect(await session.token()).toBe("still-valid");
    await expect(session.refresh()).rejects.toMatchObject({ code: "refresh_backing_off" });
    expect(refreshes).toBe(1);
  });
});

/**
 * Reads back a JPEG made of flat blocks by the tables its own segments
 * declare (DQT, SOF0, DHT, SOS): the size, and each block's colour as a
 * decoder computes it. Every entropy-coded 0xFF must be followed by a stuffed 0x00.
 */
function readBlockJpeg(jpeg: Uint8Array) {
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  expect([jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd9]);
  let at = 2;
  let width = 0;
  let height = 0;
  let quant = 0;
  const tables = new Map<number, Map<string, number>>();
  for (;;) {
    expect(jpeg[at]).toBe(0xff);
    const marker = jpeg[at + 1] as number;
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    const body = jpeg.subarray(at + 4, at + 2 + length);
    at += 2 + length;
    if (marker === 0xdb) quant = body[1] as number;
    if (marker === 0xc0) {
      height = ((body[1] as number) << 8) | (body[2] as number);
      width = ((body[3] as number) << 8) | (body[4] as number);
      expect(body[5]).toBe(3);
    }
    for (let i = 0; marker === 0xc4 && i < body.length; ) {
      const counts = [...body.subarray(i + 1, i + 17)];
      const values = body.subarray(i + 17);
      const codes = new Map<string, number>();
      let code = 0;
      let k = 0;
      counts.forEach((n, l) => {
        for (let j = 0; j < n; j++) codes.set((code++).toString(2).padStart(l + 1, "0"), values[k++] as number);
        code <<= 1;
      });
      tables.set(body[i] as number, codes);
      i += 17 + k;
    }
    if (marker === 0xda) break;
  }
  const data = jpeg.subarray(at, jpeg.length - 2);
  let bits = "";
  for (let i = 0; i < data.length; i++) {
    bits += (data[i] as number).toString(2).padStart(8, "0");
    if (data[i] === 0xff) expect(data[++i]).toBe(0);
  }
  let pos = 0;
  const symbol = (table: Map<string, number>) => {
    for (let l = 1; l <= 16; l++) {
      const v = table.get(bits.slice(pos, pos + l));
      if (v !== undefined) {
        pos += l;
        return v;
      }
    }
    throw new Error(`no code at bit ${pos}`);
  };
  const dc = [0, 0, 0];
  const blocks: [number, number, number][] = [];
  for (let b = 0; b < (width / 8) * (height / 8); b++) {
    const ycc = [0, 1, 2].map((c) => {
      const category = symbol(tables.get(0x00) as Map<string, number>);
      const raw = category ? Number.parseInt(bits.slice(pos, pos + category), 2) : 0;
      pos += category;
      const diff = category && raw < 1 << (category - 1) ? raw - (1 << category) + 1 : raw;
      dc[c] = (dc[c] as number) + diff;
      expect(symbol(tables.get(0x10) as Map<string, number>)).toBe(0); // end of block: a flat block
      return ((dc[c] as number) * quant) / 8 + 128;
    }) as [number, number, number];
    const [y, cb, cr] = ycc;
    blocks.push([y + 1.402 * (cr - 128), y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128), y + 1.772 * (cb - 128)]);
  }
  // What is left is the padding of 1 bits.
  expect(bits.slice(pos)).toMatch(/^1{0,7}$/);
  return { width, height, blocks };
}

describe("proof-of-delivery photos", () => {
  it("are baseline JPEGs whose blocks decode to the colours drawn", () => {
    const colours: [number, number, number][] = [
      [255, 0, 0],
      [0, 128, 255],
      [250, 250, 250],
      [0, 0, 0],
      [120, 80, 40],
      [255, 255, 0],
    ];
    const jpeg = encodeBlockJpeg(3, 2, (x, y) => colours[y * 3 + x] as [number, number, number]);
    const read = readBlockJpeg(jpeg);
    expect([read.width, read.height]).toEqual([24, 16]);
    const off = read.blocks.flatMap((rgb, i) => rgb.map((v, c) => Math.abs(v - (colours[i]?.[c] as number))));
    expect(Math.max(...off)).toBeLessThanOrEqual(8);
  });

  it("are small parcel photos, each its own, the same for the same seed", () => {
    const random = seeded(seed);
    const photos = Array.from({ length: 50 }, () => parcelPhoto(random));
    for (const p of photos) {
      expect(p.length).toBeLessThan(2000);
      expect(readBlockJpeg(p)).toMatchObject({ width: 96, height: 72 });
    }
    expect(new Set(photos.map((p) => Buffer.from(p).toString("base64"))).size).toBeGreaterThan(45);
    expect(parcelPhoto(seeded(3))).toEqual(parcelPhoto(seeded(3)));
  });
});

describe("deliveries", () => {
  const ahmedabad = SIM_CITIES.ahmedabad as NonNullable<(typeof SIM_CITIES)["ahmedabad"]>;

  it("make up the asked share of requests, classes in the city's proportions, or the city's own mix", () => {
    const random = seeded(seed);
    const share = (goodsShare: number | undefined) => {
      const asks = Array.from({ length: 5000 }, () => chooseAsk(random, ahmedabad, goodsShare));
      return asks.filter((a) => a.service === "goods").length / asks.length;
    };
    expect(share(0)).toBe(0);
    expect(share(1)).toBe(1);
    expect(share(0.3)).toBeCloseTo(0.3, 1);
    expect(share(undefined)).toBeCloseTo(0.15, 1);
    const goods = Array.from({ length: 5000 }, () => chooseAsk(random, ahmedabad, 1));
    // Bikes 8 and mini trucks 7 in the city's goods asks.
    expect(goods.filter((a) => a.vehicleClass === "bike").length / goods.length).toBeCloseTo(8 / 15, 1);
  });

  it("have 1–3 drops with contacts, a package the class carries, and a route within its reach", () => {
    console.log(`simulator seed: ${seed} (rerun with SEED=${seed})`);
    const random = seeded(seed);
    const counts = new Set<number>();
    let loadAssist = 0;
    for (const vehicleClass of ["bike", "auto", "mini_truck"]) {
      const limits = classLimits("ahmedabad", vehicleClass);
      const maxKg = VEHICLE_CLASSES.find((c) => c.id === vehicleClass)?.maxWeightKg as number;
      for (let i = 0; i < 300; i++) {
        const pickup = randomPointIn(random, ahmedabad.serviceArea);
        const r = deliveryRequest(random, ahmedabad, vehicleClass, pickup);
        const stops = r.stops ?? [];
        counts.add(stops.length);
        expect(stops.length).toBeGreaterThanOrEqual(1);
        expect(stops.length).toBeLessThanOrEqual(3);
        for (const s of stops) {
          expect(pointInPolygon(s, ahmedabad.serviceArea)).toBe(true);
          expect(s.address).toMatch(/\w+/);
          expect(s.contact_name).toMatch(/^\w+$/);
          expect(s.contact_phone).toMatch(/^\+919\d{9}$/);
        }
        // The route ends at the last drop.
        expect(r.dropoff).toMatchObject({ lat: stops.at(-1)?.lat, lng: stops.at(-1)?.lng });
        const route = [pickup, ...stops].reduce(
          (sum, p, j, all) => (j === 0 ? 0 : sum + haversineMeters(all[j - 1] as LatLng, p)),
          0,
        );
        expect((route * limits.detourFactor) / 1000).toBeLessThanOrEqual(limits.maxDistanceKm as number);
        const pkg = r.package;
        expect(pkg?.weight_kg).toBeGreaterThan(0);
        expect(pkg?.weight_kg).toBeLessThanOrEqual(maxKg);
        expect(pkg).toMatchObject({ description: expect.any(String), goods_type: expect.any(String) });
        expect(typeof pkg?.fragile).toBe("boolean");
        expect(Object.values(pkg?.dimensions_cm ?? {})).toHaveLength(3);
        if (pkg?.load_assist) {
          // Only where the city's tariff offers it: autos and mini trucks, never bikes.
          expect(vehicleClass).not.toBe("bike");
          loadAssist++;
        }
      }
    }
    expect([...counts].sort()).toEqual([1, 2, 3]);
    expect(loadAssist).toBeGreaterThan(0);
  });

  it("hand each drop's code from the sender to the driver at the door", () => {
    const codes = new DropCodes();
    codes.tell("r1", [
      { index: 1, code: "0042" },
      { index: 0, code: "9120" },
      { index: 2, code: null },
    ]);
    expect([codes.readOut("r1", 0), codes.readOut("r1", 1), codes.readOut("r1", 2)]).toEqual([
      "9120",
      "0042",
      undefined,
    ]);
    expect(codes.readOut("r2", 0)).toBeUndefined();
  });

  it("are counted in the report: requests, drops, photos, wrong codes and the proofs recorded", () => {
    const drivers = { ...emptyDeliveryCounts(), pickupPhotos: 4, dropPhotos: 7, dropsCompleted: 6, dropsFailed: 1 };
    const d = summarizeDeliveries({
      requested: 5,
      completed: 4,
      drops: 9,
      stopsCompleted: 6,
      stopsFailed: 1,
      drivers: { ...drivers, wrongCodes: 2 },
      proofs: { photos: 11, wrongCodes: 2, confirmed: 6, flagged: 0, unread: 0 },
    });
    expect(d).toMatchObject({
      requested: 5,
      completed: 4,
      stops_completed: 6,
      stops_failed: 1,
      failed_drops: 1,
      photos_uploaded: { pickup: 4, drop: 7, total: 11 },
      wrong_codes_entered: 2,
      proofs: { photos: 11, wrong_codes: 2, codes_confirmed: 6 },
    });
    const text = formatDeliveries(d);
    expect(text).toContain("deliveries          requested 5   completed 4   drops 9");
    expect(text).toContain("stops               completed 6   failed 1");
    expect(text).toContain("photos uploaded     11 (pickup 4, drop 7)   wrong codes entered 2");
    expect(text).toContain("proofs recorded     photos 11   wrong codes 2   codes confirmed 6");
  });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe("a short run of deliveries", () => {
  it(
    "ends every delivery, each drop with its photo and its code (first mistyped), and the report counts them",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "curbside-sim-test-"));
      const json = join(dir, "report.json");
      const root = fileURLToPath(new URL("../..", import.meta.url));
      const [port, stripePort] = [await freePort(), await freePort()];
      // The simulator starts its own platform on free ports (TIME_SCALE 10), on a fresh embedded
      // database unless DATABASE_URL names one. Every code is first typed wrong, then right.
      const args = ["--drivers", "40", "--riders-per-min", "8", "--minutes", "1", "--speed", "10"];
      args.push("--goods-share", "1", "--failed-drops", "0.3", "--wrong-codes", "1", "--seed", "12");
      const child = spawn(process.execPath, ["scripts/simulate/main.ts", ...args, "--json", json], {
        cwd: root,
        env: { ...process.env, PORT: String(port), STRIPE_STANDIN_PORT: String(stripePort) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      try {
        // Exit 0: no ride left open, no position lost, no 5xx.
        expect(code, output).toBe(0);
        const { report, deliveries: d } = JSON.parse(readFileSync(json, "utf8"));
        expect(report).toMatchObject({ server_errors: 0, not_terminal: 0, messages_lost: 0 });
        expect(Object.keys(report.errors).filter((c) => /stop|code|photo|image|invalid|not_found/.test(c))).toEqual([]);
        expect(d.requested).toBe(report.requests);
        expect(d.completed).toBeGreaterThan(0);
        // Every delivery that got going had its pickup photo; every drop reached, its drop photo;
        // and the platform recorded each one the drivers sent.
        expect(d.photos_uploaded.pickup).toBeGreaterThanOrEqual(d.completed);
        expect(d.photos_uploaded.drop).toBe(d.stops_completed + d.stops_failed);
        expect(d.proofs).toMatchObject({ photos: d.photos_uploaded.total, unread: 0, flagged: 0 });
        // Each completed drop: one wrong code refused, then the right one confirmed.
        expect(d.stops_completed).toBeGreaterThan(0);
        expect(d.wrong_codes_entered).toBe(d.stops_completed);
        expect(d.proofs.wrong_codes).toBe(d.wrong_codes_entered);
        expect(d.proofs.codes_confirmed).toBe(d.stops_completed);
        // The drops the drivers failed (nobody there) are the stops the platform shows failed.
        expect(d.stops_failed).toBe(d.failed_drops);
        expect(d.codes_missing).toBe(0);
        expect(output).toContain(`deliveries          requested ${d.requested}   completed ${d.completed}`);
        expect(output).toContain(`wrong codes entered ${d.wrong_codes_entered}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    10 * 60_000,
  );
});
