/**
 * Loads the demo world (scripts/demo/data.ts) into a database. Idempotent:
 * every row has a fixed id or natural key and conflicts are skipped, so it
 * runs at every start without duplicating anything. A database loaded before
 * a column existed gets the demo's value where the column is still empty.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword } from "../../src/auth/password.ts";
import * as schema from "../../src/db/schema/index.ts";
import {
  ADMIN,
  CITIES,
  DEMO_PASSWORD,
  DRIVERS,
  demoBookings,
  MORE_SPOTS,
  OWNERS,
  PRICING,
  RIDERS,
  SPOTS,
  VEHICLE_CLASSES,
} from "./data.ts";

type Tx = Parameters<Parameters<ReturnType<typeof drizzle<typeof schema>>["transaction"]>[0]>[0];

/** Trip limits and load-assist prices (migration 0010) for demo rows loaded before them. */
async function fillAddedColumns(tx: Tx): Promise<void> {
  for (const v of VEHICLE_CLASSES) {
    await tx
      .update(schema.vehicleClasses)
      .set({ maxDistanceKm: v.maxDistanceKm })
      .where(and(eq(schema.vehicleClasses.id, v.id), isNull(schema.vehicleClasses.maxDistanceKm)));
  }
  for (const p of PRICING.filter((row) => row.loadAssistFee !== null)) {
    await tx
      .update(schema.pricing)
      .set({ loadAssistFee: p.loadAssistFee })
      .where(
        and(
          eq(schema.pricing.cityId, p.cityId),
          eq(schema.pricing.vehicleClassId, p.vehicleClassId),
          eq(schema.pricing.service, p.service),
          isNull(schema.pricing.loadAssistFee),
        ),
      );
  }
  // Tax registrations came with migration 0013: filled where still empty.
  for (const c of CITIES) {
    await tx
      .update(schema.cities)
      .set({ taxRegistrations: c.taxRegistrations })
      .where(and(eq(schema.cities.id, c.id), sql`${schema.cities.taxRegistrations} = '[]'::jsonb`));
  }
}

export async function loadDemoData(url: string): Promise<{ users: number; drivers: number; spots: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = drizzle(client, { schema, casing: "snake_case" });
  try {
    await db.transaction(async (tx) => {
      await tx
        .insert(schema.vehicleClasses)
        .values(VEHICLE_CLASSES)
        .onConflictDoNothing({ target: schema.vehicleClasses.id });
      await tx.insert(schema.cities).values(CITIES).onConflictDoNothing({ target: schema.cities.id });
      const existingPricing = await tx.select({ id: schema.pricing.cityId }).from(schema.pricing).limit(1);
      if (existingPricing.length === 0) await tx.insert(schema.pricing).values(PRICING);
      await fillAddedColumns(tx);

      const everyone = [ADMIN, ...RIDERS, ...OWNERS, ...DRIVERS];
      const present = new Set(
        (
          await tx
            .select({ id: schema.users.id })
            .from(schema.users)
            .where(
              inArray(
                schema.users.id,
                everyone.map((u) => u.id),
              ),
            )
        ).map((r) => r.id),
      );
      const missing = everyone.filter((u) => !present.has(u.id));
      if (missing.length > 0) {
        const rows = await Promise.all(
          missing.map(async (u) => ({
            id: u.id,
            email: u.email,
            phone: u.phone,
            name: u.name,
            role: u.role,
            passwordHash: await hashPassword(DEMO_PASSWORD),
            referralCode: `DM${u.id.slice(20, 23)}${u.id.slice(-3)}`.toUpperCase(),
          })),
        );
        await tx.insert(schema.users).values(rows).onConflictDoNothing({ target: schema.users.id });
      }
      const now = new Date();
      await tx
        .insert(schema.driverProfiles)
        .values(
          DRIVERS.map((d) => ({
            userId: d.id,
            status: "verified" as const,
            cityId: d.cityId,
            licenceNumber: `DL-${d.id.slice(-6)}`,
            verifiedAt: now,
            verifiedBy: ADMIN.id,
          })),
        )
        .onConflictDoNothing({ target: schema.driverProfiles.userId });
      await tx
        .insert(schema.vehicles)
        .values(DRIVERS.map((d) => ({ ...d.vehicle, driverId: d.id, isActive: true })))
        .onConflictDoNothing({ target: schema.vehicles.id });
      await tx
        .insert(schema.spots)
        .values([...SPOTS.map((s) => ({ ...s })), ...MORE_SPOTS])
        .onConflictDoNothing({ target: schema.spots.id });
      // Without a target: an id already there, or a window a booking already holds, adds nothing.
      await tx.insert(schema.bookings).values(demoBookings(now)).onConflictDoNothing();
    });
    return {
      users: 1 + RIDERS.length + OWNERS.length + DRIVERS.length,
      drivers: DRIVERS.length,
      spots: SPOTS.length + MORE_SPOTS.length,
    };
  } finally {
    await client.end();
  }
}
