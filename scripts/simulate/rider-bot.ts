/**
 * A simulated rider's trip: request a ride from near a hotspot, watch it on
 * the ride socket (partysocket) until it ends, and sometimes cancel. A
 * sender's delivery (deliveries.ts) has its drops and package; the sender
 * hands each drop's code to `DropCodes`, for the recipient to read out.
 */
import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { pointInPolygon } from "../../src/domain/geo.ts";
import { RideServerMessage } from "../../src/protocol/ride.ts";
import type { AnswerOf, BodyOf } from "../lib/api-client.ts";
import { pointNearHotspot } from "./arrivals.ts";
import { dropoffFor, type SimCity } from "./cities.ts";
import { ApiError, type ErrorLog, type Session } from "./client.ts";
import type { SimClock } from "./clock.ts";
import { chooseAsk, type DropCodes, deliveryRequest } from "./deliveries.ts";
import type { Random } from "./random.ts";
import { isTerminal, type RideTraces } from "./trace.ts";

export interface TripOptions {
  base: string;
  session: Session;
  city: SimCity;
  random: Random;
  traces: RideTraces;
  errors: ErrorLog;
  cancelProbability: number;
  /** The simulation's clock: a rider changes their mind after a simulated while. */
  clock: SimClock;
  /** The share of requests that are deliveries; undefined: the city's mix. */
  goodsShare?: number | undefined;
  /** Where a sender leaves each drop's code for the driver at the door. */
  codes: DropCodes;
}

export interface Trip {
  /** Null when the request itself failed. */
  id: string | null;
  service: "passenger" | "goods";
  /** A delivery's drops (0 for a passenger ride). */
  drops: number;
  /** Settles when the ride has ended, by the rider's socket. */
  done: Promise<void>;
  /** Cancels for the rider (the drain's last resort) and stops watching. */
  cancel(reason: string): Promise<void>;
  /** Ends the trip with a terminal status learnt another way (GET /v1/rides/{id}), if the socket missed it. */
  settle(status: string): void;
}

export async function takeTrip(o: TripOptions): Promise<Trip> {
  let pickup = pointNearHotspot(o.random, o.city.hotspots);
  while (!pointInPolygon(pickup, o.city.serviceArea)) pickup = pointNearHotspot(o.random, o.city.hotspots);
  const ask = chooseAsk(o.random, o.city, o.goodsShare);
  const body: BodyOf<"post", "/v1/rides"> = {
    service: ask.service,
    vehicle_class: ask.vehicleClass,
    pickup,
    payment_method: "cash",
    ...(ask.service === "goods"
      ? deliveryRequest(o.random, o.city, ask.vehicleClass, pickup)
      : { dropoff: dropoffFor(o.random, o.city.serviceArea, pickup) }),
  };
  const kind = { service: ask.service, drops: body.stops?.length ?? 0 };
  const requestedAt = Date.now();
  let ride: AnswerOf<"post", "/v1/rides"> | null = null;
  // As an app does: one Idempotency-Key for the request, retried after a timeout or a 5xx (each
  // still counted), so a ride the platform created is never lost to an answer that did not arrive.
  const header = { "idempotency-key": `sim-${crypto.randomUUID()}` };
  for (let attempt = 1; attempt <= 3 && !ride; attempt++) {
    try {
      ride = await o.session.request("post", "/v1/rides", { body, params: { header } });
    } catch (error) {
      const retriable = error instanceof ApiError && (error.status === 0 || error.status >= 500);
      if (!retriable || attempt === 3) break;
    }
  }
  if (!ride?.id) return { id: null, ...kind, done: Promise.resolve(), cancel: async () => {}, settle: () => {} };
  // The sender sees each drop's code on their ride (GET /v1/rides/{id}); the recipient will read it out.
  if (ride.stops.length > 0) void readCodes(o, ride.id);
  const trace = o.traces.of(ride.id);
  trace.requestedAt = requestedAt;
  trace.status ??= ride.status;

  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const wsBase = o.base.replace(/^http/, "ws");
  const socket = new ReconnectingWebSocket(
    async () => `${wsBase}/v1/ws/rides/${ride.id}?token=${await o.session.token()}`,
    undefined,
    {
      minReconnectionDelay: 100,
      maxReconnectionDelay: 5000,
      connectionTimeout: 20_000,
      shouldReconnectOnClose: (e) => e.code !== 4404,
    },
  );
  const end = (status: string) => {
    trace.status = status;
    socket.close(1000, "ride over");
    finish();
  };
  const settle = (status: string) => {
    if (!isTerminal(status) || isTerminal(trace.status)) return;
    // The socket should have said so: count it, then end the trip as the platform says it ended.
    o.errors.add(
      "ride_socket_missed_end",
      `ride ${ride.id}: the socket still showed ${trace.status}, GET said ${status}`,
    );
    trace.events.push({ at: Date.now(), what: `rider's socket missed the end: GET says ${status}` });
    end(status);
  };
  const note = (what: string) => trace.events.push({ at: Date.now(), what });
  socket.addEventListener("open", () => note("rider socket open"));
  socket.addEventListener("close", (event) => {
    note(`rider socket closed ${event.code} ${event.reason}`);
    if (event.code === 4001) void o.session.refresh().catch(() => {});
    else if (event.code >= 4000) o.errors.add(`ride_socket_closed_${event.reason || event.code}`);
    if (event.code === 4404) finish();
  });
  socket.addEventListener("message", (event) => {
    let parsed: ReturnType<typeof RideServerMessage.safeParse>;
    try {
      parsed = RideServerMessage.safeParse(JSON.parse(String(event.data)));
    } catch {
      return o.errors.add("ride_socket_malformed_frame");
    }
    if (!parsed.success) return o.errors.add("ride_socket_unknown_frame");
    const m = parsed.data;
    const now = Date.now();
    switch (m.type) {
      case "ride.status":
        trace.watchingSince ??= now;
        note(`rider hears ride ${m.status}`);
        if (isTerminal(m.status)) return end(m.status);
        trace.status = m.status;
        return;
      case "driver.assigned":
        trace.assignedAt ??= now;
        return;
      case "driver.location": {
        // ISO 8601 on the wire; the trace keys positions by their epoch milliseconds.
        const ts = Date.parse(m.ts);
        trace.received.set(ts, now - ts);
        return;
      }
      case "ride.completed":
        return end("completed");
      case "ride.cancelled":
        return end("cancelled");
      case "error":
        return o.errors.add(`ride_socket_${m.code}`, m.message);
    }
  });

  const cancel = async (reason: string) => {
    if (isTerminal(trace.status)) return;
    trace.cancelAskedAt ??= Date.now();
    note("rider asks to cancel");
    try {
      await o.session.request("post", "/v1/rides/{id}/cancel", {
        params: { path: { id: ride.id } },
        body: { reason },
        expected: ["invalid_state"],
      });
    } catch (error) {
      // The ride moved on meanwhile (started, or ended): it goes on to its end.
      if (!(error instanceof ApiError && error.code === "invalid_state")) throw error;
      trace.cancelAskedAt = undefined;
    }
  };

  // Some riders change their mind: a (simulated) while after asking, if the trip has not started.
  if (o.random() < o.cancelProbability) {
    const afterMs = (5 + o.random() * 85) * 1000;
    setTimeout(() => {
      if (!isTerminal(trace.status) && trace.status !== "in_progress") {
        cancel("changed my mind").catch(() => {});
      }
    }, o.clock.wallMs(afterMs));
  }
  return { id: ride.id, ...kind, done, cancel, settle };
}

/** The sender's app shows each drop's code: read from the sender's view of the ride, a few tries. */
async function readCodes(o: TripOptions, id: string): Promise<void> {
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      const view = await o.session.request("get", "/v1/rides/{id}", { params: { path: { id } } });
      return o.codes.tell(id, view.stops);
    } catch {
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}
