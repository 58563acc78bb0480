/**
 * A spot can never be held twice at once: the database itself refuses
 * overlapping bookings in a holding state (exclusion constraint
 * bookings_no_overlap), even when two writers race in plain SQL.
 */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RIDERS, SPOTS } from "../../scripts/demo/data.ts";
import { connect, randomFutureHour } from "./pg.ts";

const SPOT = SPOTS[0].id;
const HOUR = 3_600_000;

let a: pg.Client;
let b: pg.Client;

beforeAll(async () => {
  a = await connect();
  b = await connect();
});
afterAll(async () => {
  await a.end();
  await b.end();
});

function insertBooking(client: pg.Client, startsAt: Date, endsAt: Date, status = "confirmed") {
  return client.query(
    `insert into bookings (spot_id, renter_id, starts_at, ends_at, status, currency, subtotal_amount, service_fee_amount, total_amount)
     values ($1, $2, $3, $4, $5, 'INR', 8000, 800, 8800) returning id`,
    [SPOT, RIDERS[0]?.id, startsAt.toISOString(), endsAt.toISOString(), status],
  );
}

/** One whole transaction on its own connection: begin, insert, commit (or roll back on error). */
async function bookInTransaction(client: pg.Client, startsAt: Date, endsAt: Date): Promise<string> {
  await client.query("begin");
  try {
    const result = await insertBooking(client, startsAt, endsAt);
    await client.query("commit");
    return result.rows[0].id;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

describe("bookings of one spot", () => {
  it("refuses a second booking that overlaps the first", async () => {
    const start = randomFutureHour();
    await insertBooking(a, start, new Date(start.getTime() + 2 * HOUR));
    const overlapping = insertBooking(b, new Date(start.getTime() + HOUR), new Date(start.getTime() + 3 * HOUR));
    await expect(overlapping).rejects.toMatchObject({ code: "23P01", constraint: "bookings_no_overlap" });
  });

  it("lets only one of two concurrent overlapping inserts commit", async () => {
    const start = randomFutureHour();
    const results = await Promise.allSettled([
      bookInTransaction(a, start, new Date(start.getTime() + 2 * HOUR)),
      bookInTransaction(b, new Date(start.getTime() + 30 * 60_000), new Date(start.getTime() + 90 * 60_000)),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    // Two inserts that check each other's exclusion entries at the same moment
    // can also end in a deadlock, which PostgreSQL breaks by aborting one of
    // them (40P01); the booking route answers both as spot_unavailable.
    expect(["23P01", "40P01"]).toContain(rejected[0]?.reason?.code);
    const stored = await a.query(
      "select count(*)::int as n from bookings where spot_id = $1 and starts_at < $3 and ends_at > $2",
      [SPOT, start.toISOString(), new Date(start.getTime() + 2 * HOUR).toISOString()],
    );
    expect(stored.rows[0].n).toBe(1);
  });

  it("accepts touching bookings: one ends exactly when the next starts", async () => {
    const start = randomFutureHour();
    const middle = new Date(start.getTime() + HOUR);
    await insertBooking(a, start, middle);
    await expect(insertBooking(b, middle, new Date(middle.getTime() + HOUR))).resolves.toMatchObject({ rowCount: 1 });
  });

  it("lets a cancelled booking's window be booked again", async () => {
    const start = randomFutureHour();
    const end = new Date(start.getTime() + HOUR);
    await insertBooking(a, start, end, "cancelled");
    await expect(insertBooking(b, start, end)).resolves.toMatchObject({ rowCount: 1 });
  });

  it("refuses a window that ends before it starts", async () => {
    const start = randomFutureHour();
    await expect(insertBooking(a, start, new Date(start.getTime() - HOUR))).rejects.toMatchObject({
      code: "23514",
      constraint: "bookings_window_valid",
    });
  });

  it("keeps different spots independent", async () => {
    const start = randomFutureHour();
    const end = new Date(start.getTime() + HOUR);
    await insertBooking(a, start, end);
    await expect(
      a.query(
        `insert into bookings (spot_id, renter_id, starts_at, ends_at, status, currency, subtotal_amount, total_amount)
         values ($1, $2, $3, $4, 'confirmed', 'INR', 100, 100)`,
        [SPOTS[1].id, RIDERS[0]?.id, start.toISOString(), end.toISOString()],
      ),
    ).resolves.toMatchObject({ rowCount: 1 });
  });
});
