/** Rides (passenger and goods) and their events. */
import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { LatLng } from "../../domain/geo.ts";
import { geographyPoint } from "../geography.ts";
import { actor, paymentMethod, paymentStatus, rideStatus, service } from "./enums.ts";
import { cities, vehicleClasses, vehicles } from "./fleet.ts";
import { users } from "./identity.ts";

/** An intermediate stop of a multi-stop ride. */
export interface RideStop extends LatLng {
  address?: string;
  sequence: number;
  contactName?: string;
  contactPhone?: string;
}

/** What a goods ride carries. */
export interface PackageDetails {
  description: string;
  weightKg?: number;
  /** Length, width and height in centimetres. */
  dimensionsCm?: { length: number; width: number; height: number };
  fragile?: boolean;
  goodsType?: string;
  loadAssist?: boolean;
}

/** One line of a fare: `{ code: "base" | "distance" | "time" | "surge" | "tax:CGST" | "discount", amount }`. */
export interface FareLine {
  code: string;
  label: string;
  amount: number;
}

export const rides = pgTable(
  "rides",
  {
    id: uuid().primaryKey(),
    /** What people read and say: `CB-AMD-000123` (domain/order-number.ts), from the city's counter. */
    orderNumber: text().notNull(),
    riderId: uuid()
      .notNull()
      .references(() => users.id),
    driverId: uuid().references(() => users.id),
    vehicleId: uuid().references(() => vehicles.id),
    cityId: text()
      .notNull()
      .references(() => cities.id),
    service: service().notNull(),
    vehicleClassId: text()
      .notNull()
      .references(() => vehicleClasses.id),
    status: rideStatus().notNull().default("requested"),
    pickup: geographyPoint().notNull(),
    pickupAddress: text(),
    dropoff: geographyPoint().notNull(),
    dropoffAddress: text(),
    stops: jsonb().$type<RideStop[]>().notNull().default([]),
    packageDetails: jsonb().$type<PackageDetails>(),
    scheduledAt: timestamp({ withTimezone: true }),
    currency: char({ length: 3 }).notNull(),
    estimateLines: jsonb().$type<FareLine[]>().notNull().default([]),
    estimateAmount: integer().notNull(),
    fareLines: jsonb().$type<FareLine[]>(),
    fareAmount: integer(),
    couponCode: text(),
    discountAmount: integer().notNull().default(0),
    paymentMethod: paymentMethod().notNull().default("cash"),
    paymentStatus: paymentStatus().notNull().default("pending"),
    distanceM: integer(),
    /** Metres in a straight line from the driver to the pickup when they were assigned (analytics). */
    pickupDistanceM: integer(),
    durationS: integer(),
    cancelledBy: actor(),
    cancellationReason: text(),
    cancellationFeeAmount: integer().notNull().default(0),
    /** Proof-of-delivery photos (R2 keys) for goods rides. */
    pickupPhotoKey: text(),
    deliveryPhotoKey: text(),
    /** The sequence number of the last actor event applied to this row. */
    version: integer().notNull().default(0),
    /** The rider's Idempotency-Key of the request that created the ride, and a hash of that request. */
    idempotencyKey: text(),
    requestHash: text(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    searchingAt: timestamp({ withTimezone: true }),
    assignedAt: timestamp({ withTimezone: true }),
    arrivedAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    noDriverAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rides_rider_idx").on(t.riderId, t.requestedAt.desc()),
    index("rides_driver_idx").on(t.driverId, t.requestedAt.desc()),
    index("rides_status_idx").on(t.status),
    index("rides_scheduled_idx").on(t.scheduledAt).where(sql`${t.scheduledAt} is not null`),
    index("rides_pickup_gist").using("gist", t.pickup),
    uniqueIndex("rides_idempotency_key").on(t.riderId, t.idempotencyKey),
    uniqueIndex("rides_order_number_key").on(t.orderNumber),
    check("rides_amounts_nonnegative", sql`${t.estimateAmount} >= 0 and coalesce(${t.fareAmount}, 0) >= 0`),
  ],
);

/**
 * The last order number given out in each city. A ride takes the next one
 * with one upsert (`insert … on conflict do update … returning`), which
 * locks the city's row for the moment of the increment, so concurrent
 * requests never share a number. A request that fails after taking its
 * number leaves a gap, as a sequence would.
 */
export const orderCounters = pgTable("order_counters", {
  cityId: text()
    .primaryKey()
    .references(() => cities.id),
  lastValue: bigint({ mode: "number" }).notNull().default(0),
});

/** Every state change of a ride, as emitted by its RideActor. */
export const rideEvents = pgTable(
  "ride_events",
  {
    /** The event's unique id, assigned by the actor. */
    id: uuid().primaryKey(),
    rideId: uuid()
      .notNull()
      .references(() => rides.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [unique("ride_events_ride_seq_key").on(t.rideId, t.seq)],
);
