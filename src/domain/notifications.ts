/**
 * What a user is told, and where: the categories and channels of
 * notifications, each channel's default, and the rules that turn a ride's
 * or a booking's event into the notifications of the people it concerns.
 * Pure: the queue consumer (src/events/consumer.ts) applies the rules and
 * src/notify/ stores and sends what they return.
 */

export const NOTIFICATION_CATEGORIES = [
  "ride",
  "booking",
  "payment",
  "rating",
  "review",
  "promotion",
  "system",
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** Channels besides the live socket and the list, which always get every notification. */
export const NOTIFICATION_CHANNELS = ["push", "sms", "email"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * A channel's default for a category when the user has not chosen: push for
 * everything but promotions (opt-in), SMS for nothing (it costs and
 * interrupts: opt-in), email for payments only (receipts).
 */
export function channelDefault(channel: NotificationChannel, category: NotificationCategory): boolean {
  if (channel === "push") return category !== "promotion";
  if (channel === "email") return category === "payment";
  return false;
}

/** A notification to be made: who, about what, and the words. */
export interface NotificationDraft {
  user_id: string;
  category: NotificationCategory;
  /** What happened, dotted: `ride.assigned`, `booking.confirmed`. */
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** Makes the same fact, told twice, one notification (unique across all users). */
  dedupe_key?: string;
}

/** `formatMoney(9440, "INR")` → `₹94.40`: minor units shown in the currency's own digits. */
export function formatMoney(amount: number, currency: string): string {
  const format = new Intl.NumberFormat("en", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** The part of a ride event's snapshot the rules read (domain/ride.ts `rideSnapshot`). */
export interface RideFacts {
  id: string;
  order_number?: string | null;
  rider_id: string;
  driver_id: string | null;
  service: string;
  status: string;
  currency: string;
  fare_amount: number | null;
  cancelled_by: string | null;
  cancellation_fee_amount?: number;
  stops?: { status?: string; address?: string; arrived_at?: string; completed_at?: string; failed_at?: string }[];
}

/** The part of a parking booking event's payload the rules read (src/parking/events.ts). */
export interface BookingFacts {
  booking_id: string;
  renter_id: string;
  owner_id: string;
  status: string;
  starts_at: string;
  ends_at: string;
}

type Words = { title: string; body: string } | null;

/** The stop a stop event is about: the one whose time for that step is the latest. */
function latestStop(ride: RideFacts, field: "arrived_at" | "completed_at" | "failed_at") {
  const stops = (ride.stops ?? []).map((s, index) => ({ ...s, index }));
  return stops.filter((s) => s[field]).sort((a, b) => String(b[field]).localeCompare(String(a[field])))[0];
}

function riderWords(type: string, ride: RideFacts): Words {
  const what = ride.service === "goods" ? "delivery" : "ride";
  const ref = ride.order_number ? ` ${ride.order_number}` : "";
  switch (type) {
    case "ride.scheduled":
      return { title: `Your ${what} is booked`, body: `Your ${what}${ref} is booked; we will find a driver in time.` };
    case "ride.assigned":
      return { title: "Driver assigned", body: `A driver has accepted your ${what}${ref} and is on the way.` };
    case "ride.driver_arrived":
      return { title: "Your driver has arrived", body: "Your driver is waiting at the pickup." };
    case "ride.started":
      return { title: `Your ${what} has started`, body: `Your ${what}${ref} is on its way.` };
    case "ride.completed":
      return {
        title: `Your ${what} is complete`,
        body:
          ride.fare_amount === null
            ? `Your ${what}${ref} is complete.`
            : `Your ${what}${ref} is complete. Fare ${formatMoney(ride.fare_amount, ride.currency)}.`,
      };
    case "ride.cancelled": {
      const fee = ride.cancellation_fee_amount ?? 0;
      const by = ride.cancelled_by === "rider" ? "You cancelled" : "We cancelled";
      const charged = fee > 0 ? ` A cancellation fee of ${formatMoney(fee, ride.currency)} applies.` : "";
      return { title: `Your ${what} was cancelled`, body: `${by} your ${what}${ref}.${charged}` };
    }
    case "ride.driver_cancelled":
      return { title: "Finding you another driver", body: "Your driver cancelled; we are looking for another one." };
    case "ride.no_driver":
      return { title: "No driver available", body: `We could not find a driver for your ${what}${ref}.` };
    case "ride.stop_arrived": {
      const stop = latestStop(ride, "arrived_at");
      return { title: "Driver at a stop", body: `Your driver has reached stop ${(stop?.index ?? 0) + 1}.` };
    }
    case "ride.stop_completed": {
      const stop = latestStop(ride, "completed_at");
      return { title: "Stop delivered", body: `Stop ${(stop?.index ?? 0) + 1} was delivered.` };
    }
    case "ride.stop_failed": {
      const stop = latestStop(ride, "failed_at");
      return { title: "A stop could not be delivered", body: `Stop ${(stop?.index ?? 0) + 1} could not be delivered.` };
    }
    default:
      return null;
  }
}

/** The notifications a ride event makes: the rider for every step; the driver when the rider cancels on them. */
export function rideNotifications(type: string, ride: RideFacts): NotificationDraft[] {
  const data = {
    ride_id: ride.id,
    status: ride.status,
    ...(ride.order_number ? { order_number: ride.order_number } : {}),
  };
  const drafts: NotificationDraft[] = [];
  const words = riderWords(type, ride);
  if (words) drafts.push({ user_id: ride.rider_id, category: "ride", type, ...words, data });
  if (type === "ride.cancelled" && ride.driver_id && ride.cancelled_by !== "driver") {
    drafts.push({
      user_id: ride.driver_id,
      category: "ride",
      type,
      title: "Ride cancelled",
      body: "The rider cancelled the ride you were assigned.",
      data,
    });
  }
  return drafts;
}

/** The notifications a booking's change makes (in_progress is the renter's check-in): the renter for each step, the owner for new, cancelled and finished bookings. */
export function bookingNotifications(booking: BookingFacts): NotificationDraft[] {
  const data = { booking_id: booking.booking_id, status: booking.status };
  const type = `booking.${booking.status}`;
  // One notification per step and person: an extension repeats the status, and is not news.
  const draft = (user_id: string, title: string, body: string): NotificationDraft => ({
    user_id,
    category: "booking",
    type,
    title,
    body,
    data,
    dedupe_key: `booking:${booking.booking_id}:${booking.status}:${user_id}`,
  });
  const renter = (title: string, body: string) => draft(booking.renter_id, title, body);
  const owner = (title: string, body: string) => draft(booking.owner_id, title, body);
  switch (booking.status) {
    case "confirmed":
      return [
        renter("Booking confirmed", "Your parking booking is confirmed."),
        owner("New booking", "Your spot has a new booking."),
      ];
    case "in_progress":
      return [renter("Checked in", "You are checked in. Enjoy your stay.")];
    case "completed":
      return [
        renter("Booking complete", "You are checked out. Thank you for parking with us."),
        owner("Booking complete", "A booking of your spot is complete."),
      ];
    case "cancelled":
      return [
        renter("Booking cancelled", "Your parking booking was cancelled."),
        owner("Booking cancelled", "A booking of your spot was cancelled."),
      ];
    case "refunded":
      return [renter("Booking refunded", "Your parking booking was refunded.")];
    default:
      return [];
  }
}

/** A parking event's facts beyond a booking's step: an overstay, or a review (src/parking/events.ts). */
export interface ParkingFacts {
  booking_id?: string;
  renter_id?: string;
  owner_id?: string;
  spot_id?: string;
  review_id?: string;
  rating?: number;
  minutes_late?: number;
  amount?: { amount: number; currency: string };
  charged?: boolean;
  previous_renter_overstayed?: boolean;
}

/**
 * The notifications of parking's other events: an overstay tells the renter
 * what it cost (a payment) and the owner; a later renter whose booking it ran
 * into is warned; a review tells the spot's owner. `eventId` makes each once.
 */
export function parkingNotifications(type: string, facts: ParkingFacts, eventId: string): NotificationDraft[] {
  const once = (d: Omit<NotificationDraft, "dedupe_key">): NotificationDraft => ({
    ...d,
    dedupe_key: `${eventId}:${d.user_id}`,
  });
  const booking = facts.booking_id ? { booking_id: facts.booking_id } : {};
  if (type === "parking.overstay" && facts.renter_id && facts.owner_id && facts.amount) {
    const cost = formatMoney(facts.amount.amount, facts.amount.currency);
    const late = `${facts.minutes_late ?? 0} minutes`;
    return [
      once({
        user_id: facts.renter_id,
        category: "payment",
        type: "booking.overstay",
        title: facts.charged ? "Overstay charged" : "Overstay owed",
        body: facts.charged
          ? `You left ${late} after your booking ended; ${cost} was charged.`
          : `You left ${late} after your booking ended; ${cost} is owed.`,
        data: { ...booking, amount: facts.amount, charged: facts.charged ?? false },
      }),
      once({
        user_id: facts.owner_id,
        category: "booking",
        type: "booking.overstay",
        title: "A renter overstayed",
        body: `A renter left your spot ${late} late.`,
        data: { ...booking, amount: facts.amount, charged: facts.charged ?? false },
      }),
    ];
  }
  if (type === "parking.booking_update" && facts.previous_renter_overstayed && facts.renter_id) {
    return [
      once({
        user_id: facts.renter_id,
        category: "booking",
        type: "booking.spot_delayed",
        title: "Your spot was not free on time",
        body: "The previous renter stayed past their booking; the spot is free now.",
        data: booking,
      }),
    ];
  }
  if (type === "parking.new_review" && facts.owner_id && facts.rating) {
    return [
      once({
        user_id: facts.owner_id,
        category: "review",
        type: "review.received",
        title: "New review",
        body: `Your spot got a ${facts.rating}-star review.`,
        data: { review_id: facts.review_id, spot_id: facts.spot_id, rating: facts.rating },
      }),
    ];
  }
  return [];
}

/** A payment event's payload (src/payments/events.ts). */
export interface PaymentFacts {
  user_id: string;
  purpose: string;
  amount: { amount: number; currency: string };
}

const PAID_FOR: Record<string, string> = {
  ride: "ride",
  ride_extra: "ride",
  tip: "tip",
  topup: "wallet top-up",
  booking: "parking booking",
};

/** The payer is told of a top-up that arrived, a payment that failed and money refunded. */
export function paymentNotifications(type: string, facts: PaymentFacts, eventId: string): NotificationDraft[] {
  const cost = formatMoney(facts.amount.amount, facts.amount.currency);
  const what = PAID_FOR[facts.purpose] ?? "payment";
  const words: Record<string, { title: string; body: string } | undefined> = {
    "payment.succeeded": { title: "Wallet topped up", body: `${cost} was added to your wallet.` },
    "payment.failed": { title: "Payment failed", body: `Your payment of ${cost} for your ${what} did not go through.` },
    "payment.refunded": { title: "Refund issued", body: `${cost} for your ${what} is on its way back to you.` },
  };
  const said = words[type];
  if (!said || facts.amount.amount <= 0) return [];
  return [
    {
      user_id: facts.user_id,
      category: "payment",
      type,
      ...said,
      data: { purpose: facts.purpose, amount: facts.amount },
      dedupe_key: `${eventId}:${facts.user_id}`,
    },
  ];
}
