/** The cron handler moves bookings with the clock: auto-start and auto-checkout. */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { RIDERS, SPOTS } from "../../scripts/demo/data.ts";
import { bookings } from "../../src/db/schema/index.ts";
import worker from "../../src/index.ts";
import { withDb } from "./helpers.ts";

const HOUR = 3_600_000;

describe("the scheduled sweep", () => {
  it("starts confirmed bookings that began, completes those that ended, and leaves the rest", async () => {
    // A random "now" in 2300–2311: after any booking of ours, before the
    // exclusion tests' windows (2500+), which must stay confirmed.
    const now = Date.UTC(2300, 0, 1) + Math.floor(Math.random() * 100_000) * HOUR;
    const base = {
      spotId: SPOTS[2].id,
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
          { ...base, status: "pending", startsAt: new Date(now - 5 * HOUR), endsAt: new Date(now - 4 * HOUR) },
        ])
        .returning({ id: bookings.id }),
    );
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env);
    const after = await withDb(({ db }) =>
      db
        .select({ id: bookings.id, status: bookings.status, checkedOutAt: bookings.checkedOutAt })
        .from(bookings)
        .where(
          inArray(
            bookings.id,
            rows.map((r) => r.id),
          ),
        ),
    );
    const statusOf = (i: number) => after.find((b) => b.id === rows[i]?.id)?.status;
    expect([statusOf(0), statusOf(1), statusOf(2), statusOf(3)]).toEqual([
      "in_progress",
      "completed",
      "confirmed",
      "pending",
    ]);
    const ended = after.find((b) => b.id === rows[1]?.id);
    expect(ended?.checkedOutAt?.getTime()).toBe(now - 2 * HOUR);

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
