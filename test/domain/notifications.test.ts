/**
 * Who is told what (domain/notifications.ts) and what a receipt says
 * (domain/receipt.ts): each ride step tells its rider, a rider's
 * cancellation also tells the driver; each booking step tells the renter
 * once and the owner of the steps that concern them; channels' defaults;
 * receipt lines, totals and money in ASCII.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bookingNotifications,
  channelDefault,
  formatMoney,
  parkingNotifications,
  paymentNotifications,
  type RideFacts,
  rideNotifications,
} from "../../src/domain/notifications.ts";
import { bookingReceipt, receiptMoney, rideReceipt } from "../../src/domain/receipt.ts";

const RIDER = "11111111-1111-4111-8111-111111111111";
const DRIVER = "22222222-2222-4222-8222-222222222222";
const ride: RideFacts = {
  id: "33333333-3333-4333-8333-333333333333",
  order_number: "CB-AMD-000042",
  rider_id: RIDER,
  driver_id: DRIVER,
  service: "passenger",
  status: "completed",
  currency: "INR",
  fare_amount: 9440,
  cancelled_by: null,
};
const city = { name: "Ahmedabad", timezone: "Asia/Kolkata", taxRegistrations: [{ name: "GSTIN", number: "X" }] };

describe("ride notifications", () => {
  it("tell the rider every step, with the fare at completion", () => {
    for (const type of ["ride.assigned", "ride.driver_arrived", "ride.started", "ride.completed", "ride.no_driver"]) {
      const [n, ...rest] = rideNotifications(type, ride);
      assert.equal(rest.length, 0, type);
      assert.equal(n?.user_id, RIDER);
      assert.equal(n?.category, "ride");
      assert.deepEqual(n?.data, { ride_id: ride.id, status: "completed", order_number: "CB-AMD-000042" });
    }
    assert.match(rideNotifications("ride.completed", ride)[0]?.body ?? "", /CB-AMD-000042.*Fare ₹94\.40/);
  });

  it("tell the driver when the rider cancels, not when the driver does", () => {
    const byRider = rideNotifications("ride.cancelled", {
      ...ride,
      cancelled_by: "rider",
      cancellation_fee_amount: 5000,
    });
    assert.deepEqual(
      byRider.map((n) => n.user_id),
      [RIDER, DRIVER],
    );
    assert.match(byRider[0]?.body ?? "", /fee of ₹50\.00/);
    assert.deepEqual(
      rideNotifications("ride.cancelled", { ...ride, cancelled_by: "driver" }).map((n) => n.user_id),
      [RIDER],
    );
  });

  it("name the stop a stop event is about, and say nothing of searching", () => {
    const stops = [
      { status: "completed", completed_at: "2026-12-01T10:00:00Z" },
      { status: "completed", completed_at: "2026-12-01T10:20:00Z" },
      { status: "pending" },
    ];
    assert.match(rideNotifications("ride.stop_completed", { ...ride, stops })[0]?.body ?? "", /Stop 2/);
    assert.deepEqual(rideNotifications("ride.searching", ride), []);
    assert.deepEqual(rideNotifications("ride.requested", ride), []);
  });
});

describe("booking notifications", () => {
  const booking = {
    booking_id: "44444444-4444-4444-8444-444444444444",
    renter_id: RIDER,
    owner_id: DRIVER,
    status: "confirmed",
    starts_at: "2026-12-01T10:00:00Z",
    ends_at: "2026-12-01T12:00:00Z",
  };
  it("tell the renter each step and the owner of new, finished and cancelled bookings, once per step", () => {
    const who = (status: string) => bookingNotifications({ ...booking, status }).map((n) => n.user_id);
    assert.deepEqual(who("confirmed"), [RIDER, DRIVER]);
    assert.deepEqual(who("in_progress"), [RIDER]);
    assert.deepEqual(who("completed"), [RIDER, DRIVER]);
    assert.deepEqual(who("cancelled"), [RIDER, DRIVER]);
    assert.deepEqual(who("pending"), []);
    const keys = bookingNotifications(booking).map((n) => n.dedupe_key);
    assert.deepEqual(keys, [
      `booking:${booking.booking_id}:confirmed:${RIDER}`,
      `booking:${booking.booking_id}:confirmed:${DRIVER}`,
    ]);
  });
});

describe("parking's other events", () => {
  const facts = {
    booking_id: "44444444-4444-4444-8444-444444444444",
    renter_id: RIDER,
    owner_id: DRIVER,
    minutes_late: 25,
    amount: { amount: 2500, currency: "INR" },
    charged: true,
  };
  it("tell the renter what an overstay cost, as a payment, and the owner that it happened, once per event", () => {
    const [renter, owner, ...rest] = parkingNotifications("parking.overstay", facts, "e1");
    assert.equal(rest.length, 0);
    assert.deepEqual([renter?.user_id, renter?.category, owner?.user_id], [RIDER, "payment", DRIVER]);
    assert.match(renter?.body ?? "", /25 minutes.*₹25\.00 was charged/);
    assert.equal(renter?.dedupe_key, `e1:${RIDER}`);
    assert.match(
      parkingNotifications("parking.overstay", { ...facts, charged: false }, "e2")[0]?.body ?? "",
      /is owed/,
    );
  });

  it("warn the next renter, and tell the owner of a review", () => {
    const next = parkingNotifications(
      "parking.booking_update",
      { renter_id: RIDER, previous_renter_overstayed: true },
      "e3",
    );
    assert.deepEqual(
      next.map((n) => n.type),
      ["booking.spot_delayed"],
    );
    const review = parkingNotifications("parking.new_review", { owner_id: DRIVER, rating: 2, review_id: "r" }, "e4");
    assert.deepEqual(
      review.map((n) => [n.user_id, n.category, n.body]),
      [[DRIVER, "review", "Your spot got a 2-star review."]],
    );
    assert.deepEqual(parkingNotifications("parking.spot_availability", {}, "e5"), []);
  });
});

describe("payment notifications", () => {
  it("tell the payer of a top-up, a failure and a refund; nothing of nothing", () => {
    const facts = { user_id: RIDER, purpose: "booking", amount: { amount: 12_345, currency: "INR" } };
    assert.equal(
      paymentNotifications("payment.refunded", facts, "e")[0]?.body,
      "₹123.45 for your parking booking is on its way back to you.",
    );
    assert.equal(paymentNotifications("payment.failed", facts, "e")[0]?.category, "payment");
    assert.deepEqual(
      paymentNotifications("payment.refunded", { ...facts, amount: { amount: 0, currency: "INR" } }, "e"),
      [],
    );
    assert.deepEqual(paymentNotifications("payment.captured", facts, "e"), []);
  });
});

describe("channels", () => {
  it("push all but promotions, SMS nothing, email payments, by default", () => {
    assert.equal(channelDefault("push", "ride"), true);
    assert.equal(channelDefault("push", "promotion"), false);
    assert.equal(channelDefault("sms", "ride"), false);
    assert.equal(channelDefault("email", "payment"), true);
    assert.equal(channelDefault("email", "ride"), false);
  });

  it("show money in the currency's own digits", () => {
    assert.equal(formatMoney(9440, "INR"), "₹94.40");
    assert.equal(formatMoney(1250, "USD"), "$12.50");
    assert.equal(formatMoney(500, "JPY"), "¥500");
  });
});

describe("receipts", () => {
  it("sum a ride's lines (a discount subtracts), add the tip to what was paid, and say money in ASCII", () => {
    const r = rideReceipt({
      id: ride.id,
      orderNumber: "CB-AMD-000042",
      service: "passenger",
      vehicleClass: "car",
      currency: "INR",
      fareLines: [
        { code: "base", label: "Base fare", amount: 5000 },
        { code: "discount", label: "Coupon WELCOME", amount: -1000 },
        { code: "tax:CGST", label: "Central GST", amount: 360 },
      ],
      pickupAddress: "CG Road",
      dropoffAddress: null,
      stops: [],
      startedAt: "2026-12-01T10:00:00Z",
      completedAt: "2026-12-01T10:30:00Z",
      distanceM: 4200,
      paymentMethod: "card",
      tip: 2000,
      refunded: 0,
      driverName: "Ravi",
      riderName: "Asha",
      city,
    });
    assert.deepEqual(
      r.lines.map((l) => l.kind),
      ["charge", "discount", "tax"],
    );
    assert.equal(r.total, 4360);
    assert.equal(r.paid, 6360);
    assert.deepEqual(r.details[1], ["Drop-off", "Pinned location"]);
    assert.deepEqual(r.details[2], ["Started", "1 Dec 2026, 15:30 (Asia/Kolkata)"]);
    assert.equal(receiptMoney(-1000, "INR"), "-INR 10.00");
    assert.equal(receiptMoney(123_456_789, "USD"), "USD 1,234,567.89");
  });

  it("sum a booking's parking, fee and overstay, less refunds", () => {
    const b = bookingReceipt({
      id: "44444444-4444-4444-8444-444444444444",
      currency: "USD",
      spotTitle: "Garage",
      spotAddress: "1 Main St",
      startsAt: "2026-12-01T10:00:00Z",
      endsAt: "2026-12-01T12:00:00Z",
      checkedInAt: null,
      checkedOutAt: null,
      subtotal: 1000,
      serviceFee: 150,
      overstay: 250,
      refunded: 100,
      paymentMethod: "wallet",
      renterName: "Asha",
      city: { ...city, timezone: "UTC" },
    });
    assert.equal(b.number, "BK-44444444");
    assert.equal(b.total, 1400);
    assert.equal(b.paid, 1300);
    assert.equal(b.paymentMethod, "Curbside wallet");
  });
});
