/** The simulator's report: counts, shares, percentiles and errors, as data and as text. */
import { clockText } from "./clock.ts";
import type { DeliveryCounts } from "./driver-drops.ts";
import type { ParkingVisit } from "./renter-bot.ts";

export interface Samples {
  requests: number;
  matched: number;
  noDriver: number;
  cancelled: number;
  completed: number;
  /** Requests still open when the run ended: each is a defect. */
  nonTerminal: number;
  /** Seconds from request to the first offer, and to assignment. */
  firstOfferS: number[];
  assignmentS: number[];
  pickupDistanceM: number[];
  /** Milliseconds from a driver's location send to the rider's receive. */
  fanoutMs: number[];
  messagesSent: number;
  messagesLost: number;
  /** Answers with a 5xx status. */
  serverErrors: number;
  errorsByCode: Record<string, number>;
}

export function emptySamples(): Samples {
  return {
    requests: 0,
    matched: 0,
    noDriver: 0,
    cancelled: 0,
    completed: 0,
    nonTerminal: 0,
    firstOfferS: [],
    assignmentS: [],
    pickupDistanceM: [],
    fanoutMs: [],
    messagesSent: 0,
    messagesLost: 0,
    serverErrors: 0,
    errorsByCode: {},
  };
}

/** The p-th percentile (0–100) by nearest rank; null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

export function summarize(s: Samples) {
  const pct = (v: number[]) => ({ p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99) });
  return {
    requests: s.requests,
    matched_pct: share(s.matched, s.requests),
    no_driver_pct: share(s.noDriver, s.requests),
    cancelled_pct: share(s.cancelled, s.requests),
    completed: s.completed,
    not_terminal: s.nonTerminal,
    first_offer_s: pct(s.firstOfferS),
    assignment_s: pct(s.assignmentS),
    pickup_distance_m: pct(s.pickupDistanceM),
    fanout_ms: { p50: percentile(s.fanoutMs, 50), p99: percentile(s.fanoutMs, 99) },
    messages_sent: s.messagesSent,
    messages_lost: s.messagesLost,
    server_errors: s.serverErrors,
    errors: s.errorsByCode,
  };
}

/** The report as a few lines of text. */
export function formatReport(r: ReturnType<typeof summarize>): string {
  const ms = (v: number | null, unit: string) => (v === null ? "–" : `${Number(v.toFixed(2))} ${unit}`);
  const three = (p: { p50: number | null; p95: number | null; p99: number | null }, unit: string) =>
    `p50 ${ms(p.p50, unit)} · p95 ${ms(p.p95, unit)} · p99 ${ms(p.p99, unit)}`;
  const errors = Object.entries(r.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return [
    `requests            ${r.requests}`,
    `matched             ${r.matched_pct} %   no_driver ${r.no_driver_pct} %   cancelled ${r.cancelled_pct} %`,
    `completed           ${r.completed}   still open at the end ${r.not_terminal}`,
    `first offer         ${three(r.first_offer_s, "s")}`,
    `assignment          ${three(r.assignment_s, "s")}`,
    `pickup distance     ${three(r.pickup_distance_m, "m")}`,
    `location fan-out    p50 ${ms(r.fanout_ms.p50, "ms")} · p99 ${ms(r.fanout_ms.p99, "ms")}`,
    `positions owed      ${r.messages_sent}   lost ${r.messages_lost}`,
    `5xx answers         ${r.server_errors}`,
    `errors by code      ${errors || "none"}`,
  ].join("\n");
}

/**
 * The renters' visits (`--renters-per-min`) counted, with the double bookings
 * the database holds at the end (null when they could not be counted).
 */
export function summarizeParking(visits: readonly ParkingVisit[], doubleBookings: number | null) {
  const count = (test: (v: ParkingVisit) => boolean) => visits.filter(test).length;
  return {
    visits: visits.length,
    searches: count((v) => v.searched),
    nothing_free: count((v) => v.searched && v.found === 0),
    bookings: count((v) => v.booked),
    refusals: visits.reduce((sum, v) => sum + v.refused, 0),
    confirmed: count((v) => v.confirmed),
    checked_in: count((v) => v.checkedIn),
    completed: count((v) => v.completed),
    errors: count((v) => v.error !== null),
    double_bookings: doubleBookings,
  };
}

/** The parking section of the report. */
export function formatParking(p: ReturnType<typeof summarizeParking>): string {
  return [
    `parking visits      ${p.visits}   searches ${p.searches} (nothing free ${p.nothing_free})`,
    `parking bookings    ${p.bookings}   refused (409) ${p.refusals}   confirmed ${p.confirmed}   checked in ${p.checked_in}   completed ${p.completed}`,
    `parking errors      ${p.errors}   double bookings ${p.double_bookings ?? "not counted"} (must be 0)`,
  ].join("\n");
}

/** How fast the run went, and how long it took on both clocks. */
export interface RunTimes {
  /** `--speed`: simulated seconds per wall-clock second. */
  speed: number;
  /** The platform's TIME_SCALE, as its /health reported it. */
  platformTimeScale: number;
  /** Simulated seconds: requests arriving, then until the last ride ended. */
  simulated: { requestsS: number; drainS: number };
  /** Wall-clock seconds of each phase, and of the whole run. */
  wall: {
    platformStartS: number;
    provisionS: number;
    signInS: number;
    onlineS: number;
    requestsS: number;
    drainS: number;
    totalS: number;
  };
}

/** The run's clocks in plain words: the first lines of the report. */
export function formatRun(r: RunTimes): string {
  const w = r.wall;
  const simulatedS = r.simulated.requestsS + r.simulated.drainS;
  return [
    r.speed === 1
      ? "speed 1: real time; the platform's TIME_SCALE is 1"
      : `speed ${r.speed}: simulated time ran ${r.speed}× the wall clock, and so did the platform's timers (TIME_SCALE ${r.platformTimeScale}: offer timeout, dispatch window and retries, silent-driver timeout, cancellation grace ÷ ${r.platformTimeScale}; ride time × ${r.platformTimeScale} in fares)`,
    `simulated ${clockText(simulatedS)}: ${clockText(r.simulated.requestsS)} of requests, then ${clockText(r.simulated.drainS)} until every ride had ended`,
    `wall clock ${clockText(w.totalS)} in all: platform start ${clockText(w.platformStartS)}, accounts written ${clockText(w.provisionS)}, everyone signed in ${clockText(w.signInS)} (drivers came online meanwhile, in ${clockText(w.onlineS)}), requests ${clockText(w.requestsS)}, drain ${clockText(w.drainS)}`,
    r.speed === 1
      ? "times below: wall clock"
      : `times below are simulated (wall × ${r.speed}), but for location fan-out: a wall-clock latency`,
  ].join("\n");
}

/**
 * Deliveries: what the senders asked for, how each drop ended (the
 * platform's word, from GET /v1/rides/{id} after the run), what the drivers
 * did at the doors, and what the platform recorded as proof (the senders'
 * GET /v1/rides/{id}/proofs; null when no proofs could be read).
 */
export interface DeliverySamples {
  requested: number;
  completed: number;
  drops: number;
  stopsCompleted: number;
  stopsFailed: number;
  drivers: DeliveryCounts;
  proofs: { photos: number; wrongCodes: number; confirmed: number; flagged: number; unread: number } | null;
}

export function summarizeDeliveries(d: DeliverySamples) {
  return {
    requested: d.requested,
    completed: d.completed,
    drops: d.drops,
    stops_completed: d.stopsCompleted,
    stops_failed: d.stopsFailed,
    failed_drops: d.drivers.dropsFailed,
    codes_missing: d.drivers.codesMissing,
    photos_uploaded: {
      pickup: d.drivers.pickupPhotos,
      drop: d.drivers.dropPhotos,
      total: d.drivers.pickupPhotos + d.drivers.dropPhotos,
    },
    wrong_codes_entered: d.drivers.wrongCodes,
    proofs: d.proofs && {
      photos: d.proofs.photos,
      wrong_codes: d.proofs.wrongCodes,
      codes_confirmed: d.proofs.confirmed,
      flagged: d.proofs.flagged,
      unread: d.proofs.unread,
    },
  };
}

/** The deliveries section of the report. */
export function formatDeliveries(r: ReturnType<typeof summarizeDeliveries>): string {
  const p = r.proofs;
  return [
    `deliveries          requested ${r.requested}   completed ${r.completed}   drops ${r.drops}`,
    `stops               completed ${r.stops_completed}   failed ${r.stops_failed} (failed drops: nobody there ${r.failed_drops - r.codes_missing}, no code ${r.codes_missing})`,
    `photos uploaded     ${r.photos_uploaded.total} (pickup ${r.photos_uploaded.pickup}, drop ${r.photos_uploaded.drop})   wrong codes entered ${r.wrong_codes_entered}`,
    p
      ? `proofs recorded     photos ${p.photos}   wrong codes ${p.wrong_codes}   codes confirmed ${p.codes_confirmed}   flagged ${p.flagged}${p.unread ? `   unread ${p.unread}` : ""}`
      : "proofs recorded     not read",
  ].join("\n");
}
