/** Postgres enums shared by the schema. Values are part of the public contract. */
import { pgEnum } from "drizzle-orm/pg-core";
import { NOTIFICATION_CATEGORIES, NOTIFICATION_CHANNELS } from "../../domain/notifications.ts";
import { RIDE_STATUSES } from "../../domain/ride-lifecycle.ts";

export const userRole = pgEnum("user_role", ["rider", "driver", "owner", "admin"]);
export const userStatus = pgEnum("user_status", ["active", "suspended", "deleted"]);
export const service = pgEnum("service", ["passenger", "goods"]);
export const driverStatus = pgEnum("driver_status", ["pending", "verified", "rejected", "suspended"]);
export const documentKind = pgEnum("document_kind", [
  "licence",
  "registration",
  "insurance",
  "id_proof",
  "permit",
  "other",
]);
export const reviewStatus = pgEnum("review_status", ["pending", "approved", "rejected"]);
export const rideStatus = pgEnum("ride_status", RIDE_STATUSES);
export const actor = pgEnum("actor", ["rider", "driver", "owner", "admin", "system"]);
export const paymentMethod = pgEnum("payment_method", ["card", "cash", "wallet", "upi"]);
/**
 * A payment's state, after Stripe's PaymentIntent: `authorized` is a hold
 * (requires_capture), `succeeded` captured, `cancelled` a released hold.
 */
export const paymentStatus = pgEnum("payment_status", [
  "pending",
  "requires_action",
  "authorized",
  "succeeded",
  "cancelled",
  "failed",
  "refunded",
  "partially_refunded",
]);
/** What a payment pays for. */
export const paymentPurpose = pgEnum("payment_purpose", ["ride", "ride_extra", "tip", "topup", "booking"]);
/**
 * Ledger account kinds (DESIGN.md, "Money"): a user's prepaid `wallet`, a
 * driver's or owner's `earnings`; the platform's `commission`, `revenue`
 * (service fees), `taxes` payable; `provider` clearing (money at Stripe),
 * `cash` collected by drivers, `settlement` (a ride's money between payer
 * and payees).
 */
export const ledgerAccountKind = pgEnum("ledger_account_kind", [
  "wallet",
  "earnings",
  "commission",
  "revenue",
  "taxes",
  "provider",
  "cash",
  "settlement",
]);
/**
 * A transfer, after TigerBeetle: `single` is posted at once; `pending` is a
 * hold, resolved once by a `post_pending` (of up to its amount) or a
 * `void_pending` transfer naming it.
 */
export const transferKind = pgEnum("transfer_kind", ["single", "pending", "post_pending", "void_pending"]);
export const withdrawalStatus = pgEnum("withdrawal_status", ["pending", "in_transit", "paid", "failed"]);
export const connectStatus = pgEnum("connect_status", ["none", "onboarding", "enabled", "restricted"]);
export const discountType = pgEnum("discount_type", ["percent", "fixed"]);
export const couponAudience = pgEnum("coupon_audience", ["all", "new_users"]);
/** A coupon's use: held at request, spent at completion, given back at cancellation (domain/coupons.ts). */
export const couponRedemptionStatus = pgEnum("coupon_redemption_status", ["reserved", "redeemed", "released"]);
export const referralStatus = pgEnum("referral_status", ["pending", "completed", "expired"]);
export const pointsKind = pgEnum("points_kind", ["earned", "redeemed", "expired", "adjusted"]);
export const reviewDirection = pgEnum("review_direction", ["rider_to_driver", "driver_to_rider", "renter_to_spot"]);
/** What a notification is about: each can be turned off per channel (notification_preferences). */
export const notificationCategory = pgEnum("notification_category", NOTIFICATION_CATEGORIES);
/** Where a notification goes besides the user's live channel and list: push, SMS, email. */
export const notificationChannel = pgEnum("notification_channel", NOTIFICATION_CHANNELS);
/** A device's push service: FCM for Android and the web, APNs for iOS. */
export const devicePlatform = pgEnum("device_platform", ["android", "ios", "web"]);
/** How much a renter's cancellation refunds (domain/booking-rules.ts). */
export const cancellationPolicy = pgEnum("cancellation_policy", ["flexible", "moderate", "strict"]);
export const spotType = pgEnum("spot_type", ["indoor", "outdoor", "covered", "garage", "driveway", "lot"]);
export const vehicleSize = pgEnum("vehicle_size", ["motorcycle", "compact", "standard", "large", "oversized"]);
/** `pending`, `confirmed` and `in_progress` hold the spot; see the exclusion constraint. */
export const bookingStatus = pgEnum("booking_status", [
  "pending",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "refunded",
]);
