/**
 * A completed ride's or booking's receipt, emailed to the rider or renter
 * with the PDF attached — when their preferences allow email for payments
 * (on by default). Run by the delivery queue (deliveries.ts), so a slow
 * email provider is retried there and never holds up the ride.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { bookings, users } from "../db/schema/index.ts";
import { receiptMoney } from "../domain/receipt.ts";
import { bookingReceiptOf, receiptFileName, receiptPdf, rideReceiptOf } from "../receipts/receipts.ts";
import { emailProvider } from "./email.ts";
import { preferencesOf } from "./preferences.ts";

/** The platform reads the receipt on the customer's behalf. */
const SYSTEM = { userId: "system", role: "admin" } as const;

export async function sendReceiptEmail(env: Env, db: Database, subject: "ride" | "booking", id: string) {
  const result = subject === "ride" ? await rideReceiptOf(env, db, id, SYSTEM) : await bookingReceiptOf(db, id, SYSTEM);
  if (!result.ok) return; // not ours to send (yet): a ride that never completed
  const receipt = result.receipt;
  const customerId = await customerOf(env, db, subject, id);
  if (!customerId) return;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, customerId));
  if (!user?.email || !(await preferencesOf(db, customerId)).email.payment) return;
  // Sent once: the completion event may be delivered, and the receipt queued, more than once.
  const sentMark = `receipts/emailed/${subject}/${id}`;
  if (await env.RECEIPTS.head(sentMark)) return;
  const pdf = await receiptPdf(env.RECEIPTS, receipt);
  await emailProvider(env).send({
    to: user.email,
    subject: `Your Curbside receipt ${receipt.number}`,
    text: `Thank you. Your ${receipt.kind} ${receipt.number} came to ${receiptMoney(receipt.paid, receipt.currency)}. The receipt is attached.`,
    attachments: [{ filename: receiptFileName(receipt), contentType: "application/pdf", content: pdf }],
  });
  await env.RECEIPTS.put(sentMark, new Date().toISOString());
}

async function customerOf(env: Env, db: Database, subject: "ride" | "booking", id: string) {
  if (subject === "ride") return (await env.RIDE.getByName(id).view(SYSTEM))?.rider_id ?? null;
  const [row] = await db.select({ renterId: bookings.renterId }).from(bookings).where(eq(bookings.id, id));
  return row?.renterId ?? null;
}
