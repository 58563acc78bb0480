/**
 * The cron handler: runs each sweep, logs what it did, and lets one failing
 * sweep not stop the others.
 */
import { createDb } from "../db/client.ts";
import { errorFields, log } from "../log.ts";
import { sweepBookings } from "./booking-sweep.ts";
import { reconcileRides } from "./ride-reconcile.ts";

export async function runScheduled(controller: { cron: string; scheduledTime: number }, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const { db, close } = createDb(env);
  const sweeps: [string, () => Promise<Record<string, number>>][] = [
    ["bookings", async () => ({ ...(await sweepBookings(db, now)) })],
    ["rides", async () => ({ ...(await reconcileRides(db, env, now)) })],
  ];
  let failed = 0;
  try {
    for (const [name, sweep] of sweeps) {
      try {
        log("info", `cron.${name}`, { cron: controller.cron, ...(await sweep()) });
      } catch (error) {
        failed++;
        log("error", `cron.${name}_failed`, { cron: controller.cron, ...errorFields(error) });
      }
    }
  } finally {
    await close().catch(() => {});
  }
  if (failed > 0) throw new Error(`${failed} cron sweep(s) failed`);
}
