/**
 * A payment's events on the queue, for the people they concern (the events
 * consumer turns them into notifications, events/notifications.ts): a wallet
 * top-up that succeeded, a payment that failed, money refunded.
 */
import type { PaymentRow } from "../db/queries/payments.ts";
import type { EventEnvelope } from "../domain/events.ts";

export type PaymentEvent = "payment.succeeded" | "payment.failed" | "payment.refunded";

export function paymentEvent(type: PaymentEvent, payment: PaymentRow, amount: number): EventEnvelope {
  return {
    id: crypto.randomUUID(),
    type,
    subject_id: payment.id,
    occurred_at: new Date().toISOString(),
    payload: {
      payment_id: payment.id,
      user_id: payment.userId,
      purpose: payment.purpose,
      ride_id: payment.rideId,
      booking_id: payment.bookingId,
      amount: { amount, currency: payment.currency },
    },
  };
}
