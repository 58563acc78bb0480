/**
 * A booking on the wire. Its renter sees everything (the check-in code
 * too); the spot's owner sees the renter's name and vehicle only, not the
 * code or the payment's details; admins see all.
 */
import type { BookingRow } from "../db/queries/bookings.ts";
import { checkInPayload } from "./check-in.ts";

export function bookingJson(row: BookingRow, viewer: "renter" | "owner" | "admin", renterName?: string | null) {
  const money = (amount: number) => ({ amount, currency: row.currency });
  const full = viewer !== "owner";
  return {
    id: row.id,
    spot_id: row.spotId,
    renter_id: row.renterId,
    renter_name: viewer === "renter" ? null : (renterName ?? null),
    status: row.status,
    starts_at: row.startsAt.toISOString(),
    ends_at: row.endsAt.toISOString(),
    subtotal: money(row.subtotalAmount),
    service_fee: money(row.serviceFeeAmount),
    total: money(row.totalAmount),
    discount: money(row.discountAmount),
    owner_payout: money(row.ownerPayoutAmount),
    refunded: money(row.refundedAmount),
    overstay: money(row.overstayAmount),
    payment_method: row.paymentMethod,
    payment_status: row.paymentStatus,
    check_in_code: full ? row.checkInCode : null,
    check_in_qr: full ? checkInPayload(row) : null,
    vehicle: {
      plate: row.vehiclePlate,
      make: row.vehicleMake,
      model: row.vehicleModel,
      color: row.vehicleColor,
    },
    special_requests: row.specialRequests,
    cancelled_by: row.cancelledBy,
    cancellation_reason: full ? row.cancellationReason : null,
    checked_in_at: row.checkedInAt?.toISOString() ?? null,
    checked_out_at: row.checkedOutAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
