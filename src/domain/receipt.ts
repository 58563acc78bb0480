/**
 * A receipt as plain data: what a completed ride or booking cost, line by
 * line, with the city's tax registrations, the discount, the tip, the
 * payment method, the places and the times. Built here from plain inputs;
 * src/receipts/ gathers the inputs and draws the PDF.
 */

export interface ReceiptLine {
  label: string;
  /** Minor units; negative for a discount. */
  amount: number;
  kind: "charge" | "tax" | "discount";
}

export interface Receipt {
  kind: "ride" | "booking";
  /** What people quote: the order number, or the booking's reference. */
  number: string;
  title: string;
  issuedAt: string;
  currency: string;
  city: { name: string; timezone: string; taxRegistrations: { name: string; number: string }[] };
  customer: string;
  /** Label → value rows about the trip or the stay: places, times, distance. */
  details: [string, string][];
  lines: ReceiptLine[];
  /** The sum of the lines. */
  total: number;
  tip: number;
  refunded: number;
  /** What was paid in all: total + tip − refunded. */
  paid: number;
  paymentMethod: string;
}

/** `receiptMoney(9440, "INR")` → `INR 94.40`: plain ASCII, as the PDF's standard font can draw it. */
export function receiptMoney(amount: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amount < 0 ? "-" : "";
  const units = Math.abs(amount) / 10 ** digits;
  return `${sign}${currency} ${units.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A time as the city reads it: `30 Nov 2026, 14:05 (Asia/Kolkata)`. */
export function localTime(iso: string, timezone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
  return `${text} (${timezone})`;
}

const METHOD: Record<string, string> = { card: "Card", wallet: "Curbside wallet", cash: "Cash", upi: "UPI" };

function lineKind(code: string, amount: number): ReceiptLine["kind"] {
  if (code.startsWith("tax:")) return "tax";
  return amount < 0 || code.startsWith("discount") ? "discount" : "charge";
}

export interface RideReceiptInput {
  id: string;
  orderNumber: string | null;
  service: string;
  vehicleClass: string;
  currency: string;
  fareLines: { code: string; label: string; amount: number }[];
  pickupAddress: string | null;
  dropoffAddress: string | null;
  stops: { address?: string | undefined }[];
  startedAt: string | null;
  completedAt: string;
  distanceM: number | null;
  paymentMethod: string;
  tip: number;
  refunded: number;
  driverName: string | null;
  riderName: string;
  city: Receipt["city"];
}

export function rideReceipt(r: RideReceiptInput): Receipt {
  const lines = r.fareLines.map((l) => ({ label: l.label, amount: l.amount, kind: lineKind(l.code, l.amount) }));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const tz = r.city.timezone;
  const details: [string, string][] = [
    ["Pickup", r.pickupAddress ?? "Pinned location"],
    ...r.stops.map((s, i): [string, string] => [`Stop ${i + 1}`, s.address ?? "Pinned location"]),
    ["Drop-off", r.dropoffAddress ?? "Pinned location"],
  ];
  if (r.startedAt) details.push(["Started", localTime(r.startedAt, tz)]);
  details.push(["Completed", localTime(r.completedAt, tz)]);
  if (r.distanceM !== null) details.push(["Distance", `${(r.distanceM / 1000).toFixed(1)} km`]);
  details.push(["Vehicle", r.vehicleClass]);
  if (r.driverName) details.push(["Driver", r.driverName]);
  return {
    kind: "ride",
    number: r.orderNumber ?? r.id,
    title: r.service === "goods" ? "Delivery receipt" : "Ride receipt",
    issuedAt: r.completedAt,
    currency: r.currency,
    city: r.city,
    customer: r.riderName,
    details,
    lines,
    total,
    tip: r.tip,
    refunded: r.refunded,
    paid: total + r.tip - r.refunded,
    paymentMethod: METHOD[r.paymentMethod] ?? r.paymentMethod,
  };
}

export interface BookingReceiptInput {
  id: string;
  currency: string;
  spotTitle: string;
  spotAddress: string;
  startsAt: string;
  endsAt: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  subtotal: number;
  serviceFee: number;
  overstay: number;
  refunded: number;
  paymentMethod: string;
  renterName: string;
  city: Receipt["city"];
}

export function bookingReceipt(b: BookingReceiptInput): Receipt {
  const tz = b.city.timezone;
  const lines: ReceiptLine[] = [
    { label: "Parking", amount: b.subtotal, kind: "charge" },
    { label: "Service fee", amount: b.serviceFee, kind: "charge" },
  ];
  if (b.overstay > 0) lines.push({ label: "Overstay", amount: b.overstay, kind: "charge" });
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const details: [string, string][] = [
    ["Spot", b.spotTitle],
    ["Address", b.spotAddress],
    ["Booked from", localTime(b.startsAt, tz)],
    ["Booked until", localTime(b.endsAt, tz)],
  ];
  if (b.checkedInAt) details.push(["Checked in", localTime(b.checkedInAt, tz)]);
  if (b.checkedOutAt) details.push(["Checked out", localTime(b.checkedOutAt, tz)]);
  return {
    kind: "booking",
    number: `BK-${b.id.slice(0, 8).toUpperCase()}`,
    title: "Parking receipt",
    issuedAt: b.checkedOutAt ?? b.endsAt,
    currency: b.currency,
    city: b.city,
    customer: b.renterName,
    details,
    lines,
    total,
    tip: 0,
    refunded: b.refunded,
    paid: total - b.refunded,
    paymentMethod: METHOD[b.paymentMethod] ?? b.paymentMethod,
  };
}
