/** Cities and their service areas, vehicle classes, pricing, drivers, vehicles, documents. */
import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { PointsRule } from "../../domain/rewards.ts";
import { geographyPolygon } from "../geography.ts";
import { documentKind, driverStatus, reviewStatus, service } from "./enums.ts";
import { users } from "./identity.ts";

/**
 * A tax applied to a fare, shown as its own line. The rate is in parts per
 * million so rates like 8.875 % stay exact (90000 = 9 %).
 */
export interface TaxRule {
  code: string;
  name: string;
  ratePpm: number;
}

/** A tax registration the platform holds in a city, printed on receipts: `{ name: "GSTIN", number: "24AAAC…" }`. */
export interface TaxRegistration {
  name: string;
  number: string;
}

export const cities = pgTable(
  "cities",
  {
    /** A slug: `ahmedabad`, `new-york`. */
    id: text().primaryKey(),
    /** The short code in the city's order numbers (`AMD` in `CB-AMD-000123`): 2–5 capitals or digits, never changed. */
    code: text().notNull(),
    name: text().notNull(),
    countryCode: char({ length: 2 }).notNull(),
    currency: char({ length: 3 }).notNull(),
    timezone: text().notNull(),
    serviceArea: geographyPolygon().notNull(),
    /** Road distance ≈ great-circle distance × detour factor. */
    detourFactor: doublePrecision().notNull().default(1.3),
    avgSpeedKmh: doublePrecision().notNull().default(25),
    surgeCap: doublePrecision().notNull().default(2),
    taxes: jsonb().$type<TaxRule[]>().notNull().default([]),
    taxRegistrations: jsonb().$type<TaxRegistration[]>().notNull().default([]),
    /** Free cancellation window after a driver is assigned. */
    cancellationGraceS: integer().notNull().default(120),
    /** A card ride holds its estimate plus this share, in basis points (2000 = 20 %). */
    cardHoldBufferBps: integer().notNull().default(2000),
    /** Reward points per completed ride or booking (domain/rewards.ts); null: the platform's default. */
    pointsRule: jsonb().$type<PointsRule>(),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cities_service_area_gist").using("gist", t.serviceArea),
    uniqueIndex("cities_code_key").on(t.code),
    check("cities_code_format", sql`${t.code} ~ '^[A-Z][A-Z0-9]{1,4}$'`),
  ],
);

export const vehicleClasses = pgTable("vehicle_classes", {
  /** `bike`, `auto`, `car`, `mini_truck`, … */
  id: text().primaryKey(),
  name: text().notNull(),
  description: text().notNull().default(""),
  services: service().array().notNull(),
  seats: integer().notNull().default(0),
  /** The heaviest package a delivery of this class carries (0: no goods). */
  maxWeightKg: integer().notNull().default(0),
  /** The longest trip of this class, by the estimate's road distance; null: no limit. */
  maxDistanceKm: integer(),
  sortOrder: integer().notNull().default(0),
});

/** Fares per city, vehicle class and service, in the city's currency's minor units. */
export const pricing = pgTable(
  "pricing",
  {
    id: uuid().primaryKey().defaultRandom(),
    cityId: text()
      .notNull()
      .references(() => cities.id),
    vehicleClassId: text()
      .notNull()
      .references(() => vehicleClasses.id),
    service: service().notNull(),
    currency: char({ length: 3 }).notNull(),
    baseFare: integer().notNull(),
    perKm: integer().notNull(),
    perMinute: integer().notNull().default(0),
    minimumFare: integer().notNull().default(0),
    cancellationFee: integer().notNull().default(0),
    /** The price of a hand with loading and unloading (a fare line); null: this class does not offer it here. */
    loadAssistFee: integer(),
    /** The platform's commission on the fare before tax, in basis points (2000 = 20 %). */
    commissionBps: integer().notNull().default(2000),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pricing_active_key").on(t.cityId, t.vehicleClassId, t.service).where(sql`${t.isActive}`),
    check(
      "pricing_amounts_nonnegative",
      sql`${t.baseFare} >= 0 and ${t.perKm} >= 0 and ${t.perMinute} >= 0 and ${t.minimumFare} >= 0 and ${t.cancellationFee} >= 0 and ${t.commissionBps} between 0 and 10000 and coalesce(${t.loadAssistFee}, 0) >= 0`,
    ),
  ],
);

export const driverProfiles = pgTable(
  "driver_profiles",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    status: driverStatus().notNull().default("pending"),
    cityId: text().references(() => cities.id),
    licenceNumber: text(),
    rejectionReason: text(),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: uuid().references(() => users.id),
    /** The cell (H3 at CELL_RES) the driver's socket last connected to: where their record lives. */
    currentCell: text(),
    ratingAvg: doublePrecision().notNull().default(5),
    ratingCount: integer().notNull().default(0),
    completedRides: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("driver_profiles_status_idx").on(t.status)],
);

export const vehicles = pgTable(
  "vehicles",
  {
    id: uuid().primaryKey().defaultRandom(),
    driverId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    vehicleClassId: text()
      .notNull()
      .references(() => vehicleClasses.id),
    plate: text().notNull(),
    make: text(),
    model: text().notNull(),
    color: text(),
    seats: integer(),
    maxWeightKg: integer(),
    isActive: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("vehicles_plate_key").on(t.plate),
    index("vehicles_driver_idx").on(t.driverId),
    // A driver drives one vehicle at a time.
    uniqueIndex("vehicles_one_active_key").on(t.driverId).where(sql`${t.isActive}`),
  ],
);

export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    vehicleId: uuid().references(() => vehicles.id, { onDelete: "set null" }),
    kind: documentKind().notNull(),
    /** Object key in R2. */
    storageKey: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    status: reviewStatus().notNull().default("pending"),
    rejectionReason: text(),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id),
    expiresOn: date(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("documents_owner_idx").on(t.ownerId)],
);
