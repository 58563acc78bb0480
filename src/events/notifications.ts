/**
 * From events to notifications: each ride step tells its rider (and a
 * cancelled driver), each booking step its renter and the spot's owner, an
 * overstay both, a review the owner (domain/notifications.ts has the rules
 * and the words). Called by the
 * events consumer for every recorded event; idempotent (one notification
 * per event and person), so a redelivered event tells no one twice. A
 * completed ride or booking also queues its receipt by email.
 */
import { z } from "zod";
import type { Database } from "../db/client.ts";
import type { EventEnvelope } from "../domain/events.ts";
import {
  type BookingFacts,
  bookingNotifications,
  type NotificationDraft,
  type ParkingFacts,
  parkingNotifications,
  paymentNotifications,
  type RideFacts,
  rideNotifications,
} from "../domain/notifications.ts";
import type { DeliveryMessage } from "../notify/deliveries.ts";
import { notifyAll } from "../notify/notify-user.ts";

const RideFactsSchema = z.looseObject({
  id: z.uuid(),
  rider_id: z.uuid(),
  driver_id: z.uuid().nullable(),
  service: z.string(),
  status: z.string(),
  currency: z.string(),
  fare_amount: z.number().int().nullable(),
  cancelled_by: z.string().nullable(),
});

const BookingFactsSchema = z.looseObject({
  booking_id: z.uuid(),
  renter_id: z.uuid(),
  owner_id: z.uuid(),
  status: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
});

const ParkingFactsSchema = z.looseObject({
  booking_id: z.uuid().optional(),
  renter_id: z.uuid().optional(),
  owner_id: z.uuid().optional(),
  spot_id: z.uuid().optional(),
  review_id: z.uuid().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  minutes_late: z.number().int().optional(),
  amount: z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
  charged: z.boolean().optional(),
  previous_renter_overstayed: z.boolean().optional(),
});

const PaymentFactsSchema = z.looseObject({
  payment_id: z.uuid(),
  user_id: z.uuid(),
  purpose: z.string(),
  ride_id: z.uuid().nullable().optional(),
  booking_id: z.uuid().nullable().optional(),
  amount: z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) }),
});

/** The ids a payment notification links to, where it has them. */
function ids(facts: z.infer<typeof PaymentFactsSchema>) {
  return {
    payment_id: facts.payment_id,
    ...(facts.ride_id ? { ride_id: facts.ride_id } : {}),
    ...(facts.booking_id ? { booking_id: facts.booking_id } : {}),
  };
}

/** The notifications an event makes, and the receipt it sends, if any. */
export function notificationsOf(event: EventEnvelope): {
  drafts: NotificationDraft[];
  receipt: DeliveryMessage | null;
} {
  if (event.type.startsWith("ride.")) {
    const ride = RideFactsSchema.safeParse(event.payload.ride);
    if (!ride.success) return { drafts: [], receipt: null };
    const drafts = rideNotifications(event.type, ride.data as RideFacts).map((d) => ({
      ...d,
      dedupe_key: `${event.id}:${d.user_id}`,
    }));
    const receipt: DeliveryMessage | null =
      event.type === "ride.completed" ? { kind: "receipt", subject: "ride", id: ride.data.id } : null;
    return { drafts, receipt };
  }
  if (event.type.startsWith("payment.")) {
    const facts = PaymentFactsSchema.safeParse(event.payload);
    if (!facts.success) return { drafts: [], receipt: null };
    const drafts = paymentNotifications(event.type, facts.data, event.id).map((d) => ({
      ...d,
      data: { ...d.data, ...ids(facts.data) },
    }));
    return { drafts, receipt: null };
  }
  if (event.type.startsWith("parking.")) {
    const facts = ParkingFactsSchema.safeParse(event.payload);
    const other = facts.success ? parkingNotifications(event.type, facts.data as ParkingFacts, event.id) : [];
    if (other.length > 0) return { drafts: other, receipt: null };
  }
  if (event.type === "parking.new_booking" || event.type === "parking.booking_update") {
    const booking = BookingFactsSchema.safeParse(event.payload);
    if (!booking.success) return { drafts: [], receipt: null };
    const facts = booking.data as BookingFacts;
    const receipt: DeliveryMessage | null =
      facts.status === "completed" ? { kind: "receipt", subject: "booking", id: facts.booking_id } : null;
    return { drafts: bookingNotifications(facts), receipt };
  }
  return { drafts: [], receipt: null };
}

/**
 * Makes and sends the events' notifications, all in one insert, and queues
 * their receipts (sendReceiptEmail sends each receipt once, however often it
 * is queued). Throws when they could not be stored: the events are then retried.
 */
export async function notifyOfEvents(env: Env, db: Database, events: EventEnvelope[]): Promise<void> {
  const found = events.map(notificationsOf);
  const drafts = found.flatMap((f) => f.drafts);
  const receipts = found.flatMap((f) => (f.receipt ? [f.receipt] : []));
  if (drafts.length > 0) await notifyAll(env, drafts, db);
  if (receipts.length > 0) await env.NOTIFY.sendBatch(receipts.map((body) => ({ body })));
}
