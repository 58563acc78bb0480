/**
 * A user's saved addresses. Every read and write is scoped to the owner, so
 * someone else's address is simply not found. One default per user: making
 * an address the default clears the flag on the others in the same transaction.
 */
import { and, eq, ne } from "drizzle-orm";
import type { LatLng } from "../../domain/geo.ts";
import type { Database } from "../client.ts";
import { addresses, users } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Serializes a user's default-address changes (concurrent ones would collide on the one-default index). */
async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
}

export type AddressRow = typeof addresses.$inferSelect;

export interface AddressInput {
  label?: string | undefined;
  line?: string | undefined;
  landmark?: string | null | undefined;
  location?: LatLng | undefined;
  isDefault?: boolean | undefined;
}

export function listAddresses(db: Database, userId: string, limit: number, cursor?: Cursor) {
  return db
    .select()
    .from(addresses)
    .where(
      and(
        eq(addresses.userId, userId),
        cursor ? afterCursor(addresses.createdAt, addresses.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(addresses.createdAt, addresses.id, "desc"))
    .limit(limit + 1);
}

export async function getAddress(db: Database, userId: string, id: string): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  return row;
}

export function createAddress(
  db: Database,
  userId: string,
  input: Required<Pick<AddressInput, "line" | "location">> & AddressInput,
): Promise<AddressRow> {
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    if (input.isDefault) {
      await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.userId, userId));
    }
    const [row] = await tx
      .insert(addresses)
      .values({
        userId,
        label: input.label ?? "other",
        line: input.line,
        landmark: input.landmark ?? null,
        location: input.location,
        isDefault: input.isDefault ?? false,
      })
      .returning();
    if (!row) throw new Error("insert returned nothing");
    return row;
  });
}

export function updateAddress(
  db: Database,
  userId: string,
  id: string,
  input: AddressInput,
): Promise<AddressRow | undefined> {
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    // The target first: an unknown or foreign id must change nothing.
    const [target] = await tx
      .select({ id: addresses.id })
      .from(addresses)
      .where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
    if (!target) return undefined;
    if (input.isDefault) {
      await tx
        .update(addresses)
        .set({ isDefault: false })
        .where(and(eq(addresses.userId, userId), ne(addresses.id, id)));
    }
    const [row] = await tx
      .update(addresses)
      .set({
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.line !== undefined ? { line: input.line } : {}),
        ...(input.landmark !== undefined ? { landmark: input.landmark } : {}),
        ...(input.location !== undefined ? { location: input.location } : {}),
        ...(input.isDefault !== undefined ? { isDefault: input.isDefault } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
      .returning();
    return row;
  });
}

export async function deleteAddress(db: Database, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning({ id: addresses.id });
  return rows.length > 0;
}
