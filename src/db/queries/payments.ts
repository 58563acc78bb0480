/** Reads and writes of payments, payment profiles, withdrawals and provider events. */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { paymentDrifts, paymentProfiles, payments, webhookEvents, withdrawals } from "../schema/index.ts";

export type PaymentRow = typeof payments.$inferSelect;
export type ProfileRow = typeof paymentProfiles.$inferSelect;
export type WithdrawalRow = typeof withdrawals.$inferSelect;
export type PaymentStatus = PaymentRow["status"];

export async function profileOf(db: Database, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(paymentProfiles).where(eq(paymentProfiles.userId, userId));
  return row;
}

/** Creates or updates a user's profile with the fields given. */
export async function saveProfile(
  db: Database,
  userId: string,
  fields: Partial<Omit<ProfileRow, "userId" | "updatedAt">>,
): Promise<ProfileRow> {
  const [row] = await db
    .insert(paymentProfiles)
    .values({ userId, ...fields })
    .onConflictDoUpdate({ target: paymentProfiles.userId, set: { ...fields, updatedAt: new Date() } })
    .returning();
  return row as ProfileRow;
}

export async function profileByConnectAccount(db: Database, accountId: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(paymentProfiles).where(eq(paymentProfiles.connectAccountId, accountId));
  return row;
}

export async function paymentById(db: Database, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

export async function paymentByRef(db: Database, provider: string, ref: string): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, ref)));
  return row;
}

/** A payment locked for the rest of the transaction (webhooks, settlement and refunds of one payment take turns). */
export async function lockPayment(tx: Database, id: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for("update");
  return row;
}

export async function ridePayments(db: Database, rideId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(eq(payments.rideId, rideId)).orderBy(payments.createdAt);
}

export async function insertPayment(db: Database, row: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [inserted] = await db.insert(payments).values(row).returning();
  return inserted as PaymentRow;
}

/** Inserts a provider's payment unless one with its reference exists; returns the one that is there. */
export async function insertProviderPayment(db: Database, row: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [inserted] = await db.insert(payments).values(row).onConflictDoNothing().returning();
  if (inserted) return inserted;
  return (await paymentByRef(db, row.provider, row.providerRef as string)) as PaymentRow;
}

/** Inserts unless a payment of this purpose exists for the ride; returns the one that is there. */
export async function insertRidePayment(db: Database, row: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [inserted] = await db.insert(payments).values(row).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.rideId, row.rideId as string), eq(payments.purpose, row.purpose)));
  return existing as PaymentRow;
}

export async function deletePayment(db: Database, id: string): Promise<void> {
  await db.delete(payments).where(eq(payments.id, id));
}

export async function updatePayment(
  db: Database,
  id: string,
  fields: Partial<Omit<PaymentRow, "id" | "createdAt">>,
): Promise<PaymentRow> {
  const [row] = await db
    .update(payments)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(payments.id, id))
    .returning();
  return row as PaymentRow;
}

/** Records a provider event; false when it was recorded before (a duplicate delivery). */
export async function recordEvent(
  tx: Database,
  event: { id: string; provider: string; type: string; createdAt: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(webhookEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return inserted.length > 0;
}

export async function insertWithdrawal(db: Database, row: typeof withdrawals.$inferInsert): Promise<WithdrawalRow> {
  const [inserted] = await db.insert(withdrawals).values(row).returning();
  return inserted as WithdrawalRow;
}

export async function withdrawalByKey(db: Database, userId: string, key: string): Promise<WithdrawalRow | undefined> {
  const [row] = await db
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.userId, userId), eq(withdrawals.idempotencyKey, key)));
  return row;
}

export async function withdrawalByPayout(db: Database, payoutRef: string): Promise<WithdrawalRow | undefined> {
  const [row] = await db.select().from(withdrawals).where(eq(withdrawals.payoutRef, payoutRef));
  return row;
}

export async function updateWithdrawal(
  db: Database,
  id: string,
  fields: Partial<Omit<WithdrawalRow, "id" | "createdAt">>,
): Promise<WithdrawalRow> {
  const [row] = await db
    .update(withdrawals)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(withdrawals.id, id))
    .returning();
  return row as WithdrawalRow;
}

export async function withdrawalsOf(db: Database, userId: string, limit: number): Promise<WithdrawalRow[]> {
  return db
    .select()
    .from(withdrawals)
    .where(eq(withdrawals.userId, userId))
    .orderBy(desc(withdrawals.createdAt))
    .limit(limit);
}

/** Provider payments changed since `since`, for the reconciliation. */
export async function providerPaymentsSince(db: Database, since: Date, limit: number): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.provider, "stripe"),
        sql`${payments.updatedAt} >= ${since.toISOString()}::timestamptz`,
        inArray(payments.status, ["authorized", "succeeded", "cancelled", "refunded", "partially_refunded", "pending"]),
      ),
    )
    .orderBy(payments.updatedAt)
    .limit(limit);
}

/** Records what the provider and Curbside disagree on, once while it is open. */
export async function recordDrift(
  db: Database,
  drift: { paymentId?: string | null; providerRef?: string | null; field: string; ours: string; theirs: string },
): Promise<void> {
  await db
    .insert(paymentDrifts)
    .values({
      paymentId: drift.paymentId ?? null,
      providerRef: drift.providerRef ?? null,
      field: drift.field,
      ours: drift.ours,
      theirs: drift.theirs,
    })
    .onConflictDoNothing();
}

export async function openDrifts(db: Database, limit: number) {
  return db
    .select()
    .from(paymentDrifts)
    .where(sql`${paymentDrifts.resolvedAt} is null`)
    .orderBy(desc(paymentDrifts.foundAt))
    .limit(limit);
}
