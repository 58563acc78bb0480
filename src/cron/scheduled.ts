/**
 * The cron handler: runs each sweep, logs what it did, and lets one failing
 * sweep not stop the others. Every minute: bookings and rides; daily at
 * 03:00 UTC: the payments reconciliation.
 */
import { createDb } from "../db/client.ts";
import { errorFields, log } from "../log.ts";
import { paymentContext } from "../payments/context.ts";
import { reconcilePayments } from "../payments/reconcile.ts";
import { sweepBookings } from "./booking-sweep.ts";
import { reconcileRides } from "./ride-reconcile.ts";

/** The daily trigger (wrangler.toml): the payments reconciliation. Every other trigger runs the minute's sweeps. */
export const DAILY_CRON = "0 3 * * *";

export async function runScheduled(controller: { cron: string; scheduledTime: number }, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const { db, close } = createDb(env);
  const sweeps: [string, () => Promise<Record<string, number>>][] =
    controller.cron === DAILY_CRON
      ? [["payments", () => reconcilePayments(paymentContext(env, db), now)]]
      : [
          ["bookings", async () => ({ ...(await sweepBookings(db, now, paymentContext(env, db))) })],
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
