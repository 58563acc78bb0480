/**
 * Charging a booking for more than it was booked for (an extension, an
 * overstay), the way the booking was paid: from the wallet inside the
 * caller's transaction, or off session on the renter's default card. Either
 * way the payment gets its row and the ledger divides it like the booking:
 * the subtotal to the owner, the fee (if any) to the platform, each
 * transfer under the charge's own key, so a retry moves nothing twice.
 */
import type { Database } from "../db/client.ts";
import type { BookingRow } from "../db/queries/bookings.ts";
import { insertPayment } from "../db/queries/payments.ts";
import { bookingPaid } from "../domain/booking-money.ts";
import { type AccountRef, platform, wallet } from "../domain/ledger.ts";
import { record } from "../ledger/record.ts";
import type { PaymentContext } from "../payments/context.ts";
import { chargeableCard } from "../payments/customers.ts";
import { type Intent, PaymentDeclined } from "../payments/provider.ts";

export interface Extra {
  subtotal: number;
  serviceFee: number;
  /** Names the charge: `booking:<id>:<key>` keys its transfers and its card charge. */
  key: string;
  /** What the charge is for, in the provider's metadata (`booking_extension`, `booking_overstay`). */
  purpose: string;
}

function divided(booking: BookingRow, ownerId: string, extra: Extra, paymentId: string, from: AccountRef) {
  const key = `booking:${booking.id}:${extra.key}`;
  return bookingPaid({
    bookingId: booking.id,
    ownerId,
    currency: booking.currency,
    subtotal: extra.subtotal,
    serviceFee: extra.serviceFee,
    paymentId,
    from,
  }).map((t) => ({ ...t, key: t.key.replace(`booking:${booking.id}`, key) }));
}

/** Pays the extra from the renter's wallet, in `tx` (a balance too low is LedgerError `insufficient_funds`). */
export async function payExtraFromWallet(tx: Database, booking: BookingRow, ownerId: string, extra: Extra) {
  const amount = extra.subtotal + extra.serviceFee;
  const payment = await insertPayment(tx, {
    userId: booking.renterId,
    purpose: "booking",
    bookingId: booking.id,
    method: "wallet",
    provider: "wallet",
    amount,
    capturedAmount: amount,
    currency: booking.currency,
    status: "succeeded",
  });
  await record(tx, divided(booking, ownerId, extra, payment.id, wallet(booking.renterId, booking.currency)));
}

/** Charges the renter's default card off session; a decline (or a card asking for the renter) is PaymentDeclined. */
export async function chargeExtraToCard(ctx: PaymentContext, booking: BookingRow, extra: Extra): Promise<Intent> {
  const intent = await ctx.provider.charge({
    amount: extra.subtotal + extra.serviceFee,
    currency: booking.currency,
    ...(await chargeableCard(ctx, booking.renterId)),
    capture: "automatic",
    offSession: true,
    idempotencyKey: `booking:${booking.id}:${extra.key}`,
    description: `Curbside parking booking ${booking.id}: ${extra.purpose.replace("booking_", "")}`,
    metadata: { booking_id: booking.id, user_id: booking.renterId, purpose: extra.purpose },
  });
  if (intent.status !== "succeeded") {
    throw new PaymentDeclined(intent.failureCode ?? "authentication_required", null, "not charged");
  }
  return intent;
}

/**
 * Books a card charge that succeeded: its payment row and the ledger's
 * division, and whatever else the caller writes with them (`alsoIn`), in one
 * transaction.
 */
export async function recordCardExtra<T = undefined>(
  ctx: PaymentContext,
  booking: BookingRow,
  ownerId: string,
  extra: Extra,
  intent: Intent,
  alsoIn: (tx: Database) => Promise<T> = async () => undefined as T,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const payment = await insertPayment(tx, {
      userId: booking.renterId,
      purpose: "booking",
      bookingId: booking.id,
      method: "card",
      provider: "stripe",
      providerRef: intent.id,
      amount: intent.amount,
      capturedAmount: intent.received,
      currency: booking.currency,
      status: "succeeded",
    });
    await record(tx, divided(booking, ownerId, extra, payment.id, platform("provider", booking.currency)));
    return alsoIn(tx);
  });
}
