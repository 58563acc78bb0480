/** Payments for admins, newest first (GET /v1/admin/payments). */
import { and, eq, gte, lt } from "drizzle-orm";
import type { Database } from "../client.ts";
import { payments } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";
import type { PaymentRow } from "./payments.ts";

export interface PaymentSearch {
  status?: PaymentRow["status"] | undefined;
  purpose?: PaymentRow["purpose"] | undefined;
  method?: PaymentRow["method"] | undefined;
  userId?: string | undefined;
  rideId?: string | undefined;
  bookingId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export function searchPayments(db: Database, s: PaymentSearch, limit: number, cursor?: Cursor) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        s.status !== undefined ? eq(payments.status, s.status) : undefined,
        s.purpose !== undefined ? eq(payments.purpose, s.purpose) : undefined,
        s.method !== undefined ? eq(payments.method, s.method) : undefined,
        s.userId !== undefined ? eq(payments.userId, s.userId) : undefined,
        s.rideId !== undefined ? eq(payments.rideId, s.rideId) : undefined,
        s.bookingId !== undefined ? eq(payments.bookingId, s.bookingId) : undefined,
        s.from !== undefined ? gte(payments.createdAt, s.from) : undefined,
        s.to !== undefined ? lt(payments.createdAt, s.to) : undefined,
        cursor ? afterCursor(payments.createdAt, payments.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(payments.createdAt, payments.id, "desc"))
    .limit(limit + 1);
}
