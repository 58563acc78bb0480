/** The cron handler moves bookings with the clock: auto-start, auto-checkout, unpaid bookings released. */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { RIDERS, SPOTS } from "../../scripts/demo/data.ts";
import { bookings, spots } from "../../src/db/schema/index.ts";
import worker from "../../src/index.ts";
import { withDb } from "./helpers.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe("the scheduled sweep", () => {
  it("starts confirmed bookings that began, completes those that ended, releases unpaid ones after 15 minutes, and leaves the rest", async () => {
    // A spot of this run's own, so the windows (around the real now) meet nobody else's.
    const now = Date.now();
    const [spot] = await withDb(({ db }) =>
      db
        .insert(spots)
        .values({ ...SPOTS[2], id: crypto.randomUUID(), title: "Sweep test" })
        .returning({ id: spots.id }),
    );
    const base = {
      spotId: spot?.id as string,
      renterId: RIDERS[1]?.id as string,
      currency: "INR",
      subtotalAmount: 1000,
      totalAmount: 1000,
    };
    const rows = await withDb(({ db }) =>
      db
        .insert(bookings)
        .values([
          { ...base, status: "confirmed", startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR) },
          { ...base, status: "in_progress", startsAt: new Date(now - 3 * HOUR), endsAt: new Date(now - 2 * HOUR) },
          { ...base, status: "confirmed", startsAt: new Date(now + 2 * HOUR), endsAt: new Date(now + 3 * HOUR) },
          // Unpaid for 20 minutes: released. Unpaid for 5: still held.
          {
            ...base,
            status: "pending",
            createdAt: new Date(now - 20 * MINUTE),
            startsAt: new Date(now + 4 * HOUR),
            endsAt: new Date(now + 5 * HOUR),
          },
          {
            ...base,
            status: "pending",
            createdAt: new Date(now - 5 * MINUTE),
            startsAt: new Date(now + 6 * HOUR),
            endsAt: new Date(now + 7 * HOUR),
          },
        ])
        .returning({ id: bookings.id }),
    );
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env);
    const after = await withDb(({ db }) =>
      db
        .select({
          id: bookings.id,
          status: bookings.status,
          checkedOutAt: bookings.checkedOutAt,
          cancelledBy: bookings.cancelledBy,
        })
        .from(bookings)
        .where(
          inArray(
            bookings.id,
            rows.map((r) => r.id),
          ),
        ),
    );
    const statusOf = (i: number) => after.find((b) => b.id === rows[i]?.id)?.status;
    expect([0, 1, 2, 3, 4].map(statusOf)).toEqual(["in_progress", "completed", "confirmed", "cancelled", "pending"]);
    const ended = after.find((b) => b.id === rows[1]?.id);
    expect(ended?.checkedOutAt?.getTime()).toBe(now - 2 * HOUR);
    expect(after.find((b) => b.id === rows[3]?.id)?.cancelledBy).toBe("system");

    // Running it again changes nothing.
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env);
    const again = await withDb(({ db }) =>
      db
        .select({ status: bookings.status })
        .from(bookings)
        .where(eq(bookings.id, rows[0]?.id as string)),
    );
    expect(again[0]?.status).toBe("in_progress");
  });
});
