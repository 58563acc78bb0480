/** Postgres enums shared by the schema. Values are part of the public contract. */
import { pgEnum } from "drizzle-orm/pg-core";
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
export const paymentStatus = pgEnum("payment_status", [
  "pending",
  "requires_action",
  "succeeded",
  "failed",
  "refunded",
  "partially_refunded",
]);
export const ledgerKind = pgEnum("ledger_kind", [
  "topup",
  "ride_payment",
  "booking_payment",
  "refund",
  "referral_bonus",
  "cashback",
  "earning",
  "payout",
  "withdrawal",
  "adjustment",
]);
export const discountType = pgEnum("discount_type", ["percent", "fixed"]);
export const couponAudience = pgEnum("coupon_audience", ["all", "new_users"]);
export const referralStatus = pgEnum("referral_status", ["pending", "completed", "expired"]);
export const pointsKind = pgEnum("points_kind", ["earned", "redeemed", "expired", "adjusted"]);
export const reviewDirection = pgEnum("review_direction", ["rider_to_driver", "driver_to_rider", "renter_to_spot"]);
export const notificationKind = pgEnum("notification_kind", [
  "ride_update",
  "booking_update",
  "payment",
  "promotional",
  "system",
]);
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
