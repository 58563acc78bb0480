/** Reads and writes of accounts. */
import { eq } from "drizzle-orm";
import type { Role } from "../../auth/tokens.ts";
import type { Database } from "../client.ts";
import { driverProfiles, users } from "../schema/index.ts";

export type UserRow = typeof users.$inferSelect;

export async function userById(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function userByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function userByPhone(db: Database, phone: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.phone, phone));
  return row;
}

/**
 * Creates an account (and a pending driver profile for a driver) in one
 * transaction; null when the email or phone is taken.
 */
export async function createUser(
  db: Database,
  input: { email?: string | null; phone?: string | null; name: string; role: Role; passwordHash?: string | null },
): Promise<UserRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        email: input.email?.toLowerCase() ?? null,
        phone: input.phone ?? null,
        name: input.name,
        role: input.role,
        passwordHash: input.passwordHash ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    if (row.role === "driver") await tx.insert(driverProfiles).values({ userId: row.id });
    return row;
  });
}
