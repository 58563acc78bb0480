/**
 * The cron sweep that catches rides whose Postgres row lags their actor
 * (an outbox that could not drain, a lost delivery): it asks each stale
 * ride's actor for its snapshot, which also nudges its outbox, and writes
 * the row if the actor is ahead.
 */
import type { Database } from "../db/client.ts";
import { staleRides, upsertRideSnapshots } from "../db/queries/rides.ts";
import { DISPATCH_LEAD_MS } from "../domain/schedule.ts";

/** A live ride's row is checked when it has not changed for this long. */
const STALE_AFTER_MS = 2 * 60_000;
const BATCH = 50;

export async function reconcileRides(
  db: Database,
  env: Env,
  now: Date,
): Promise<{ checked: number; repaired: number }> {
  const dueBefore = new Date(now.getTime() + DISPATCH_LEAD_MS);
  const stale = await staleRides(db, new Date(now.getTime() - STALE_AFTER_MS), dueBefore, BATCH);
  const snapshots = await Promise.all(
    stale.map((row) =>
      env.RIDE.getByName(row.id)
        .snapshot()
        .catch(() => null),
    ),
  );
  const ahead = snapshots.filter(
    (s, i): s is NonNullable<typeof s> => s !== null && s.seq > (stale[i]?.version ?? Number.POSITIVE_INFINITY),
  );
  return { checked: stale.length, repaired: await upsertRideSnapshots(db, ahead) };
}
