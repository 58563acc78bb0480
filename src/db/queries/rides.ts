/** The durable record of rides: created at request (read-your-writes), then kept up by the events projection. */
import { and, eq, gte, lt, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { RideSnapshot } from "../../domain/ride.ts";
import { TERMINAL } from "../../domain/ride-lifecycle.ts";
import type { Database } from "../client.ts";
import { orderCounters, rideEvents, rides } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

export type RideRow = typeof rides.$inferSelect;

export async function rideByIdempotencyKey(db: Database, riderId: string, key: string): Promise<RideRow | undefined> {
  const [row] = await db
    .select()
    .from(rides)
    .where(and(eq(rides.riderId, riderId), eq(rides.idempotencyKey, key)));
  return row;
}

/**
 * The next number of the city's order count (1, 2, …): one upsert, which
 * holds the city's counter row only for the increment, so concurrent
 * requests each get their own.
 */
export async function nextOrderSeq(db: Database, cityId: string): Promise<number> {
  const [row] = await db
    .insert(orderCounters)
    .values({ cityId, lastValue: 1 })
    .onConflictDoUpdate({ target: orderCounters.cityId, set: { lastValue: sql`${orderCounters.lastValue} + 1` } })
    .returning({ lastValue: orderCounters.lastValue });
  if (!row) throw new Error(`no order number for ${cityId}`);
  return row.lastValue;
}

/** The ride's row as requested. Null when this rider already used the idempotency key. */
export async function insertRequestedRide(
  db: Database,
  snapshot: RideSnapshot,
  idempotency: { key: string; requestHash: string } | null,
): Promise<RideRow | null> {
  const [row] = await db
    .insert(rides)
    .values({
      ...snapshotColumns(snapshot),
      orderNumber: snapshot.order_number ?? sql`null`,
      idempotencyKey: idempotency?.key ?? null,
      requestHash: idempotency?.requestHash ?? null,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function deleteRide(db: Database, id: string): Promise<void> {
  await db.delete(rides).where(eq(rides.id, id));
}

/** A user's rides, newest first: as rider, or as driver; of one status if asked. */
export function listRides(
  db: Database,
  user: { id: string; role: string },
  limit: number,
  cursor?: Cursor,
  status?: RideRow["status"],
) {
  const mine = user.role === "driver" ? eq(rides.driverId, user.id) : eq(rides.riderId, user.id);
  return db
    .select()
    .from(rides)
    .where(
      and(
        mine,
        status !== undefined ? eq(rides.status, status) : undefined,
        cursor ? afterCursor(rides.requestedAt, rides.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(rides.requestedAt, rides.id, "desc"))
    .limit(limit + 1);
}

/** What admins search rides by; each given field narrows the list. `from`/`to` bound the request time. */
export interface RideSearch {
  orderNumber?: string | undefined;
  cityId?: string | undefined;
  status?: RideRow["status"] | undefined;
  service?: RideRow["service"] | undefined;
  driverId?: string | undefined;
  riderId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Rides for admins, newest first: every ride, or those that match the search. */
export function searchRides(db: Database, filter: RideSearch, limit: number, cursor?: Cursor) {
  return db
    .select()
    .from(rides)
    .where(
      and(
        filter.orderNumber !== undefined ? eq(rides.orderNumber, filter.orderNumber) : undefined,
        filter.cityId !== undefined ? eq(rides.cityId, filter.cityId) : undefined,
        filter.status !== undefined ? eq(rides.status, filter.status) : undefined,
        filter.service !== undefined ? eq(rides.service, filter.service) : undefined,
        filter.driverId !== undefined ? eq(rides.driverId, filter.driverId) : undefined,
        filter.riderId !== undefined ? eq(rides.riderId, filter.riderId) : undefined,
        filter.from !== undefined ? gte(rides.requestedAt, filter.from) : undefined,
        filter.to !== undefined ? lt(rides.requestedAt, filter.to) : undefined,
        cursor ? afterCursor(rides.requestedAt, rides.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(rides.requestedAt, rides.id, "desc"))
    .limit(limit + 1);
}

function snapshotColumns(s: RideSnapshot) {
  const at = (status: string) => {
    const value = s.timestamps[status as keyof typeof s.timestamps];
    return value ? new Date(value) : null;
  };
  return {
    id: s.id,
    riderId: s.rider_id,
    driverId: s.driver_id,
    vehicleId: s.vehicle_id,
    cityId: s.city_id,
    service: s.service,
    vehicleClassId: s.vehicle_class,
    status: s.status,
    pickup: s.pickup,
    pickupAddress: s.pickup_address,
    dropoff: s.dropoff,
    dropoffAddress: s.dropoff_address,
    stops: s.stops.map((stop, i) => ({ ...stop, sequence: i + 1 })),
    packageDetails: s.package
      ? {
          description: s.package.description,
          weightKg: s.package.weight_kg,
          dimensionsCm: s.package.dimensions_cm,
          fragile: s.package.fragile,
          goodsType: s.package.goods_type,
          loadAssist: s.package.load_assist,
        }
      : null,
    scheduledAt: s.scheduled_at ? new Date(s.scheduled_at) : null,
    currency: s.currency,
    estimateLines: s.estimate_lines,
    estimateAmount: s.estimate_amount,
    fareLines: s.fare_lines,
    fareAmount: s.fare_amount,
    paymentMethod: s.payment_method,
    distanceM: s.distance_m,
    // Snapshots from before the field have none.
    pickupDistanceM: s.pickup_distance_m ?? null,
    durationS: s.duration_s,
    cancelledBy: s.cancelled_by,
    cancellationReason: s.cancellation_reason,
    cancellationFeeAmount: s.cancellation_fee_amount,
    version: s.seq,
    requestedAt: at("requested") ?? new Date(),
    searchingAt: at("searching"),
    assignedAt: at("driver_assigned"),
    arrivedAt: at("driver_arrived"),
    startedAt: at("in_progress"),
    completedAt: at("completed"),
    cancelledAt: at("cancelled"),
    noDriverAt: at("no_driver"),
    updatedAt: new Date(),
  };
}

/** Each ride's newest snapshot among these. */
function newestPerRide(snapshots: RideSnapshot[]): RideSnapshot[] {
  const newest = new Map<string, RideSnapshot>();
  for (const s of snapshots) {
    const current = newest.get(s.id);
    if (!current || current.seq < s.seq) newest.set(s.id, s);
  }
  return [...newest.values()];
}

/**
 * The statement that writes a snapshot to its row, unless the row already
 * holds that version or a newer one. The order number is the row's for
 * good: never updated, and a snapshot from before order numbers keeps the
 * row's own (its insert half needs one all the same).
 */
function upsertSnapshot(db: Database, snapshot: RideSnapshot) {
  const { id, ...columns } = snapshotColumns(snapshot);
  const orderNumber: string | SQL = snapshot.order_number ?? sql`(select order_number from rides where id = ${id})`;
  return db
    .insert(rides)
    .values({ id, orderNumber, ...columns })
    .onConflictDoUpdate({ target: rides.id, set: columns, setWhere: lt(rides.version, snapshot.seq) })
    .returning({ id: rides.id });
}

/**
 * The projection's statements, for one batch with the caller's own: each
 * ride's row takes the newest snapshot only if it is newer than what the
 * row holds (`version`), so duplicate and reordered deliveries change
 * nothing; every event is kept once in ride_events. Run together, a reader
 * never sees a row ahead of its events.
 */
export function rideEventStatements(
  db: Database,
  events: { id: string; type: string; seq: number; occurredAt: Date; snapshot: RideSnapshot }[],
) {
  if (events.length === 0) return [];
  return [
    ...newestPerRide(events.map((e) => e.snapshot)).map((snapshot) => upsertSnapshot(db, snapshot)),
    db
      .insert(rideEvents)
      .values(
        events.map((e) => ({
          id: e.id,
          rideId: e.snapshot.id,
          seq: e.seq,
          type: e.type,
          payload: e.snapshot,
          occurredAt: e.occurredAt,
        })),
      )
      .onConflictDoNothing(),
  ];
}

/** Writes each ride's newest snapshot to its row (the cron repair); how many rows changed. */
export async function upsertRideSnapshots(db: Database, snapshots: RideSnapshot[]): Promise<number> {
  let written = 0;
  for (const snapshot of newestPerRide(snapshots)) written += (await upsertSnapshot(db, snapshot)).length;
  return written;
}

/**
 * Rides whose row may lag their actor: not terminal and not updated for a
 * while; a ride booked for later only once its dispatch is due (before
 * `dueBefore`), so days of waiting bookings do not crowd out the rest.
 */
export function staleRides(db: Database, olderThan: Date, dueBefore: Date, limit: number) {
  return db
    .select({ id: rides.id, version: rides.version })
    .from(rides)
    .where(
      and(
        notInArray(rides.status, [...TERMINAL]),
        lt(rides.updatedAt, olderThan),
        or(ne(rides.status, "scheduled"), lt(rides.scheduledAt, dueBefore)),
      ),
    )
    .limit(limit);
}

/** The rides a user is part of (as rider or driver) that have not ended: where their ride sockets are. */
export async function activeRideIds(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: rides.id })
    .from(rides)
    .where(and(or(eq(rides.riderId, userId), eq(rides.driverId, userId)), notInArray(rides.status, [...TERMINAL])));
  return rows.map((r) => r.id);
}
