/** Accounts for admins: the search, and the status changes of a suspension (src/admin/suspension.ts). */
import { and, eq, ilike, isNull, or, type SQL } from "drizzle-orm";
import type { Database } from "../client.ts";
import { refreshTokens, users } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";
import type { UserRow } from "./users.ts";

export interface UserSearch {
  /** Part of a name, an email or a phone number, in any case. */
  q?: string | undefined;
  role?: UserRow["role"] | undefined;
  status?: UserRow["status"] | undefined;
}

/** `%text%` for ILIKE, with the pattern characters the text may hold taken literally. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function matches(q: string): SQL | undefined {
  const digits = q.replace(/[^\d]/g, "");
  // A phone number as typed (`+91 98123 45678`, `98123-45678`) is matched on its digits.
  const phone = /^[\d\s()+.-]+$/.test(q) && digits.length >= 3 ? ilike(users.phone, contains(digits)) : undefined;
  return or(ilike(users.name, contains(q)), ilike(users.email, contains(q)), phone);
}

/** Accounts, newest first, matching the search. */
export function searchUsers(db: Database, s: UserSearch, limit: number, cursor?: Cursor) {
  return db
    .select()
    .from(users)
    .where(
      and(
        s.q !== undefined ? matches(s.q) : undefined,
        s.role !== undefined ? eq(users.role, s.role) : undefined,
        s.status !== undefined ? eq(users.status, s.status) : undefined,
        cursor ? afterCursor(users.createdAt, users.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(users.createdAt, users.id, "desc"))
    .limit(limit + 1);
}

/** The account, locked for the rest of the transaction. */
export async function lockUser(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).for("update");
  return row;
}

/** Marks the account suspended and revokes every refresh token it holds: no session outlives the suspension. */
export async function markSuspended(db: Database, id: string, at: Date): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ status: "suspended", suspendedAt: at, updatedAt: at })
    .where(eq(users.id, id))
    .returning();
  await db
    .update(refreshTokens)
    .set({ revokedAt: at })
    .where(and(eq(refreshTokens.userId, id), isNull(refreshTokens.revokedAt)));
  return row;
}

export async function markReinstated(db: Database, id: string, at: Date): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ status: "active", suspendedAt: null, updatedAt: at })
    .where(eq(users.id, id))
    .returning();
  return row;
}
