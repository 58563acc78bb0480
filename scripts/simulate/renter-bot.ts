/**
 * A simulated renter's visit to a parking spot (`--renters-per-min`): search
 * near a hotspot for a window a few minutes ahead, book the first free spot by
 * card (the next one on a 409, at most three), pay at the Stripe stand-in as
 * the app would, wait for the webhook to confirm the booking, check in with
 * its code and check out at once. Bookings run on the wall clock, not the
 * simulation's: the platform checks their windows against real time.
 *
 * Also the run's closing check, straight in the platform's database: no spot
 * held by two bookings at once. Used by main.ts.
 */
import pg from "pg";
import type { Schemas } from "../lib/api-client.ts";
import { pointNearHotspot } from "./arrivals.ts";
import type { SimCity } from "./cities.ts";
import { ApiError, type ErrorLog, type Session } from "./client.ts";
import type { Random } from "./random.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How far from the renter's point the search looks. */
export const SEARCH_RADIUS_M = 3000;
/** Search results a renter tries to book before giving up (each 409 is a refusal). */
export const MAX_BOOKING_TRIES = 3;

/** A booking window, as the search and the booking take it (ISO 8601 UTC). */
export interface BookingWindow {
  starts_at: string;
  ends_at: string;
}

/**
 * A window starting 5–10 minutes after `nowMs` and lasting 30–90 whole
 * minutes: in the future and long enough for the platform's rules.
 *
 * @example
 * const window = pickBookingWindow(seeded(1), Date.now()); // { starts_at, ends_at }
 */
export function pickBookingWindow(random: Random, nowMs: number): BookingWindow {
  const startsMs = nowMs + (300 + Math.floor(random() * 301)) * 1000;
  const minutes = 30 + Math.floor(random() * 61);
  return {
    starts_at: new Date(startsMs).toISOString(),
    ends_at: new Date(startsMs + minutes * 60_000).toISOString(),
  };
}

/** How far one renter's visit got. */
export interface ParkingVisit {
  searched: boolean;
  /** Free spots the search returned. */
  found: number;
  booked: boolean;
  /** 409 `spot_unavailable` answers: the spot was taken between the search and the booking. */
  refused: number;
  confirmed: boolean;
  checkedIn: boolean;
  completed: boolean;
  /** The code of the step that failed, if one did (also counted in the run's ErrorLog). */
  error: string | null;
}

export interface VisitOptions {
  session: Session;
  city: SimCity;
  random: Random;
  errors: ErrorLog;
  /** The app's payments configuration (GET /v1/payments/config), fetched once a run. */
  payments: () => Promise<Schemas["PaymentsConfig"]>;
  /**
   * Wall-clock milliseconds to wait for the webhook to confirm a paid booking (60 s): the stand-in
   * delivers its events one at a time, four a booking, so a burst of renters queues up there.
   */
  confirmTimeoutMs?: number;
}

/** A step of the visit that failed without an API error to say so. */
class StepFailed extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** One renter's visit, from the search to the check-out; never throws. */
export async function visitSpot(o: VisitOptions): Promise<ParkingVisit> {
  const visit: ParkingVisit = {
    searched: false,
    found: 0,
    booked: false,
    refused: 0,
    confirmed: false,
    checkedIn: false,
    completed: false,
    error: null,
  };
  try {
    await visitSteps(o, visit);
  } catch (error) {
    // An API failure is already in the ErrorLog, under its code.
    if (error instanceof ApiError) visit.error = error.code;
    else {
      visit.error = error instanceof StepFailed ? error.code : "parking_visit_failed";
      o.errors.add(visit.error, error instanceof Error ? error.message : String(error));
    }
  }
  return visit;
}

async function visitSteps(o: VisitOptions, visit: ParkingVisit): Promise<void> {
  const at = pointNearHotspot(o.random, o.city.hotspots);
  const window = pickBookingWindow(o.random, Date.now());
  const found = await o.session.request("get", "/v1/spots", {
    params: {
      query: {
        lat: at.lat.toFixed(6),
        lng: at.lng.toFixed(6),
        radius_m: String(SEARCH_RADIUS_M),
        ...window,
        limit: String(MAX_BOOKING_TRIES),
      },
    },
  });
  visit.searched = true;
  visit.found = found.data.length;

  let booking: Schemas["BookingCreated"] | null = null;
  for (const spot of found.data.slice(0, MAX_BOOKING_TRIES)) {
    try {
      booking = await o.session.request("post", "/v1/bookings", {
        body: { spot_id: spot.id, ...window, payment_method: "card" },
        params: { header: { "idempotency-key": `sim-${crypto.randomUUID()}` } },
        expected: ["spot_unavailable"],
      });
      break;
    } catch (error) {
      // Another renter took it since the search: the next result.
      if (!(error instanceof ApiError && error.code === "spot_unavailable")) throw error;
      visit.refused++;
    }
  }
  if (!booking) return;
  visit.booked = true;

  const intent = booking.payment;
  if (!intent?.client_secret) {
    throw new StepFailed("booking_without_payment_intent", `card booking ${booking.id} came without a PaymentIntent`);
  }
  await confirmPayment(await o.payments(), intent.payment_intent_id, intent.client_secret);

  // The stand-in pushes payment_intent.succeeded to the platform, which confirms the booking.
  const id = booking.id;
  const paidAt = Date.now();
  const deadline = paidAt + (o.confirmTimeoutMs ?? 60_000);
  let status: string = booking.status;
  while (status === "pending" && Date.now() < deadline) {
    await sleep(250);
    status = (await o.session.request("get", "/v1/bookings/{id}", { params: { path: { id } } })).status;
  }
  if (status !== "confirmed") {
    throw new StepFailed(
      "booking_not_confirmed",
      `booking ${id} was ${status}, not confirmed, ${Math.round((Date.now() - paidAt) / 1000)} s after its payment`,
    );
  }
  visit.confirmed = true;

  const code = booking.check_in_code;
  if (!code) throw new StepFailed("booking_without_code", `booking ${id} showed its renter no check-in code`);
  const inside = await o.session.request("post", "/v1/bookings/{id}/check-in", {
    params: { path: { id } },
    body: { code },
  });
  visit.checkedIn = inside.status === "in_progress";
  // At once: the simulator does not wait out the stay on the wall clock.
  const out = await o.session.request("post", "/v1/bookings/{id}/check-out", { params: { path: { id } } });
  visit.completed = out.status === "completed";
  if (!visit.checkedIn || !visit.completed) {
    throw new StepFailed("booking_lifecycle", `booking ${id}: check-in gave ${inside.status}, check-out ${out.status}`);
  }
}

/** Confirms a PaymentIntent at the Stripe stand-in, as the app's Stripe SDK does with the publishable key. */
async function confirmPayment(config: Schemas["PaymentsConfig"], intentId: string, clientSecret: string) {
  if (!config.api_base) {
    throw new StepFailed("no_stripe_standin", "GET /v1/payments/config names no api_base: no stand-in to pay at");
  }
  let res: Response;
  try {
    res = await fetch(`${config.api_base}/v1/payment_intents/${intentId}/confirm`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${config.publishable_key}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: clientSecret }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new StepFailed(
      "stripe_network_error",
      `confirm ${intentId}: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (!res.ok) {
    throw new StepFailed(
      "stripe_confirm_failed",
      `confirm ${intentId}: ${res.status} ${(await res.text()).slice(0, 200)}`,
    );
  }
}

/**
 * Pairs of bookings of one spot, both holding it (pending, confirmed,
 * in_progress), whose half-open windows overlap: what the exclusion
 * constraint `bookings_no_overlap` forbids, counted independently of it.
 */
export const DOUBLE_BOOKINGS_SQL = `
  select count(*)::int as n
  from bookings a
  join bookings b on b.spot_id = a.spot_id and b.id > a.id
  where a.status in ('pending', 'confirmed', 'in_progress')
    and b.status in ('pending', 'confirmed', 'in_progress')
    and tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')`;

/** Double bookings in the platform's database (must be 0). */
export async function countDoubleBookings(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(DOUBLE_BOOKINGS_SQL);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
