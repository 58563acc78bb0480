/**
 * The cron handler: runs each sweep, logs what it did, and lets one failing
 * sweep not stop the others.
 */
import { createDb } from "../db/client.ts";
import type { Env } from "../env.ts";
import { errorFields, log } from "../log.ts";
import { sweepBookings } from "./booking-sweep.ts";

export async function runScheduled(controller: { cron: string; scheduledTime: number }, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const { db, close } = createDb(env);
  try {
    const result = await sweepBookings(db, now);
    log("info", "cron.bookings", { cron: controller.cron, ...result });
  } catch (error) {
    log("error", "cron.bookings_failed", { cron: controller.cron, ...errorFields(error) });
    throw error;
  } finally {
    await close().catch(() => {});
  }
}
