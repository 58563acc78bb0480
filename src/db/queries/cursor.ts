/**
 * Keyset pagination over (created_at, id). Times are compared at millisecond
 * precision, the precision a cursor carries (Postgres keeps microseconds),
 * so no row is skipped or repeated between pages.
 */
import { type AnyColumn, type SQL, sql } from "drizzle-orm";

export interface Cursor {
  createdAt: Date;
  id: string;
}

const ms = (column: AnyColumn) => sql`date_trunc('milliseconds', ${column})`;

/** Rows after `cursor` in the order given by `keysetOrder(…, direction)`. */
export function afterCursor(createdAt: AnyColumn, id: AnyColumn, cursor: Cursor, direction: "desc" | "asc"): SQL {
  const op = direction === "desc" ? sql`<` : sql`>`;
  return sql`(${ms(createdAt)}, ${id}) ${op} (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

export function keysetOrder(createdAt: AnyColumn, id: AnyColumn, direction: "desc" | "asc"): SQL[] {
  return direction === "desc"
    ? [sql`${ms(createdAt)} desc`, sql`${id} desc`]
    : [sql`${ms(createdAt)} asc`, sql`${id} asc`];
}
