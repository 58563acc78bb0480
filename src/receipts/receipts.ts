/**
 * Receipts of completed rides and bookings: the facts gathered (the ride
 * from its actor, the truth of a ride; the booking, the city, names and the
 * tip from Postgres), drawn as a PDF once and kept in R2 (RECEIPTS) under a
 * key made from the receipt's content, so the same receipt is drawn once
 * and a later change (a tip, a refund) makes a new one.
 *
 * Who may have one: the ride's rider or the booking's renter, and admins;
 * anyone else is told the ride or booking does not exist.
 */
import { and, eq } from "drizzle-orm";
import { catalog, cityAt } from "../db/catalog.ts";
import type { Database } from "../db/client.ts";
import { bookings, cities, payments, spots, users } from "../db/schema/index.ts";
import { bookingReceipt, type Receipt, rideReceipt } from "../domain/receipt.ts";
import { ProblemError } from "../http/problem.ts";
import type { Viewer } from "../protocol/actors.ts";
import { renderReceipt } from "./render.ts";

export type ReceiptResult = { ok: true; receipt: Receipt } | { ok: false; reason: "not_found" | "not_ready" };

const mayHave = (viewer: Viewer, ownerId: string) => viewer.role === "admin" || viewer.userId === ownerId;

async function nameOf(db: Database, userId: string): Promise<string> {
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name || "Curbside customer";
}

function cityFacts(city: { name: string; timezone: string; taxRegistrations: { name: string; number: string }[] }) {
  return { name: city.name, timezone: city.timezone, taxRegistrations: city.taxRegistrations };
}

export async function rideReceiptOf(
  env: Pick<Env, "RIDE">,
  db: Database,
  rideId: string,
  viewer: Viewer,
): Promise<ReceiptResult> {
  const view = await env.RIDE.getByName(rideId).view(viewer);
  if (!view || !mayHave(viewer, view.rider_id)) return { ok: false, reason: "not_found" };
  const completedAt = view.timestamps.completed_at;
  if (view.status !== "completed" || !view.fare || !completedAt) return { ok: false, reason: "not_ready" };
  const [[city], [tip], riderName] = await Promise.all([
    db.select().from(cities).where(eq(cities.id, view.city_id)),
    db
      .select({ captured: payments.capturedAmount })
      .from(payments)
      .where(and(eq(payments.rideId, rideId), eq(payments.purpose, "tip"), eq(payments.status, "succeeded"))),
    nameOf(db, view.rider_id),
  ]);
  if (!city) return { ok: false, reason: "not_found" };
  return {
    ok: true,
    receipt: rideReceipt({
      id: view.id,
      orderNumber: view.order_number,
      service: view.service,
      vehicleClass: view.vehicle_class,
      currency: view.fare.total.currency,
      fareLines: view.fare.lines,
      pickupAddress: view.pickup.address ?? null,
      dropoffAddress: view.dropoff.address ?? null,
      stops: view.stops,
      startedAt: view.timestamps.started_at ?? null,
      completedAt,
      distanceM: view.driven_m,
      paymentMethod: view.payment_method,
      tip: tip?.captured ?? 0,
      refunded: view.payment.refunded.amount,
      driverName: view.driver?.name ?? null,
      riderName,
      city: cityFacts(city),
    }),
  };
}

export async function bookingReceiptOf(db: Database, bookingId: string, viewer: Viewer): Promise<ReceiptResult> {
  const [row] = await db
    .select({ booking: bookings, spot: { title: spots.title, address: spots.address, location: spots.location } })
    .from(bookings)
    .innerJoin(spots, eq(spots.id, bookings.spotId))
    .where(eq(bookings.id, bookingId));
  if (!row || !mayHave(viewer, row.booking.renterId)) return { ok: false, reason: "not_found" };
  const b = row.booking;
  if (b.status !== "completed") return { ok: false, reason: "not_ready" };
  const cat = await catalog(
    () => db,
    (work) => void work,
  );
  const city = cityAt(cat, row.spot.location);
  return {
    ok: true,
    receipt: bookingReceipt({
      id: b.id,
      currency: b.currency,
      spotTitle: row.spot.title,
      spotAddress: row.spot.address,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      checkedInAt: b.checkedInAt?.toISOString() ?? null,
      checkedOutAt: b.checkedOutAt?.toISOString() ?? null,
      subtotal: b.subtotalAmount,
      serviceFee: b.serviceFeeAmount,
      overstay: b.overstayAmount,
      refunded: b.refundedAmount,
      paymentMethod: b.paymentMethod,
      renterName: await nameOf(db, b.renterId),
      city: city ? cityFacts(city) : { name: "", timezone: "UTC", taxRegistrations: [] },
    }),
  };
}

/** The receipt or the problem a route answers: 404 for what is not the caller's, 409 before completion. */
export function receiptOrThrow(result: ReceiptResult, what: "ride" | "booking"): Receipt {
  if (result.ok) return result.receipt;
  if (result.reason === "not_found") throw new ProblemError(404, `${what}_not_found`, `No such ${what}.`);
  throw new ProblemError(409, "receipt_not_ready", `The ${what} is not completed yet; its receipt comes then.`);
}

/** The receipt's PDF: from R2 when drawn before, else drawn now and kept. */
export async function receiptPdf(bucket: R2Bucket, receipt: Receipt): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(receipt)));
  const hash = [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const key = `receipts/${receipt.kind}/${receipt.number}/${hash}.pdf`;
  const stored = await bucket.get(key);
  if (stored) return new Uint8Array(await stored.arrayBuffer());
  const pdf = await renderReceipt(receipt);
  await bucket.put(key, pdf, { httpMetadata: { contentType: "application/pdf" } });
  return pdf;
}

/** The file name a receipt is downloaded or attached as. */
export function receiptFileName(receipt: Receipt): string {
  return `curbside-${receipt.kind}-${receipt.number}.pdf`.replace(/[^A-Za-z0-9._-]/g, "-");
}
