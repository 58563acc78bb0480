/**
 * A Curbside client written from DESIGN.md alone ("The realtime contract",
 * "Conventions"): plain fetch and WebSocket, JSON objects with a `type`, and
 * only the messages the document names. It imports nothing from `src/` or
 * `durable-objects/` and shares none of the project's protocol types, on
 * purpose: when the server drifts from the document, the contract tests that
 * use this client fail. Used by test/worker/contract.test.ts.
 *
 * Where DESIGN.md is silent the client takes the README's word (the
 * `bearer.<token>` form of Sec-WebSocket-Protocol, the REST bodies), and
 * frames of types the document does not name are kept aside, not failed on:
 * a client must survive a server that says more than it knows.
 */

/** How the client reaches the platform: a fetch, so tests can hand it the Worker itself. */
export type Transport = (request: Request) => Promise<Response>;

/** A point on the wire (Conventions). */
export interface Point {
  lat: number;
  lng: number;
}

/** Money: integer minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

/** A time as DESIGN.md's conventions put it on the wire: ISO 8601 UTC. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|\+00:00)$/;

/** True for an ISO 8601 UTC timestamp such as `2026-05-01T09:30:00.000Z`. */
export function isIsoUtc(value: unknown): value is string {
  return typeof value === "string" && ISO_UTC.test(value) && !Number.isNaN(Date.parse(value));
}

// ---- driver → server (GET /v1/ws/driver) -------------------------------------

export type DriverSends =
  | {
      type: "location";
      lat: number;
      lng: number;
      heading?: number;
      speed?: number;
      /** DESIGN.md's conventions: ISO 8601 UTC; the fix being made also accepts epoch ms. */
      ts: string | number;
    }
  | { type: "status"; status: string }
  | { type: "offer.accept"; ride_id: string }
  | { type: "offer.decline"; ride_id: string }
  | { type: "ride.arrived" | "ride.started" | "ride.completed"; ride_id: string };

// ---- server → driver -----------------------------------------------------------

export interface OfferFrame {
  type: "offer";
  ride_id: string;
  service: string;
  pickup: Point;
  dropoff: Point;
  fare: Money;
  expires_at: string;
}

export type DriverReceives =
  | OfferFrame
  | { type: "offer.expired"; ride_id: string }
  | { type: "ride.cancelled"; ride_id: string }
  | { type: "handoff"; lat: number; lng: number }
  | { type: "error"; code: string; message: string }
  /** "On connect and on every reconnect … the ride as `ride.status`". */
  | { type: "ride.status"; status: string; [field: string]: unknown };

/** The types DESIGN.md lists for the driver socket (server → driver), and the connect rule's `ride.status`. */
export const DRIVER_FRAME_TYPES = ["offer", "offer.expired", "ride.cancelled", "handoff", "error", "ride.status"];

// ---- server → the ride's sockets (GET /v1/ws/rides/:id) --------------------------

export type RideReceives =
  | { type: "ride.status"; status: string; [field: string]: unknown }
  | { type: "driver.assigned"; driver: { id: string; [field: string]: unknown }; vehicle: object; eta_s: number }
  | { type: "driver.location"; lat: number; lng: number; heading: number | null; ts: unknown }
  | { type: "ride.completed"; fare: { total: Money; [field: string]: unknown } }
  | { type: "ride.cancelled"; by: string; reason: string | null }
  | { type: "error"; code: string; message: string };

/** The types DESIGN.md lists for the ride socket, and `error` (every socket's way to say no). */
export const RIDE_FRAME_TYPES = [
  "ride.status",
  "driver.assigned",
  "driver.location",
  "ride.completed",
  "ride.cancelled",
  "error",
];

export interface Frame {
  type: string;
  [field: string]: unknown;
}

/** One websocket as a client app holds it: everything it received, in order, and waits with deadlines. */
export interface ContractSocket<In extends { type: string }> {
  /** The upgrade's answer (its Sec-WebSocket-Protocol, say). */
  response: Response;
  /** Every frame received, in order, documented or not. */
  frames: Frame[];
  /** Frames of types DESIGN.md does not name for this socket. */
  undocumented(): Frame[];
  /** The next unread frame of any type; throws after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Frame>;
  /** Reads on until a frame of this type (and matching `where`) arrives; throws after `timeoutMs`. */
  waitFor<T extends In["type"]>(
    type: T,
    where?: (frame: Extract<In, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<In, { type: T }>>;
  /** Like waitFor, but answers undefined instead of throwing when nothing comes in time. */
  maybe<T extends In["type"]>(
    type: T,
    where?: (frame: Extract<In, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<In, { type: T }> | undefined>;
  /**
   * The frames a socket receives on connect, before anything else: sends a
   * frame no server can take (`{type: "contract.barrier"}`) and reads until
   * the `error` it must answer with (every socket answers bad input with
   * `error {code, message}`), which is not included.
   */
  initialFrames(timeoutMs?: number): Promise<Frame[]>;
  send(message: unknown): void;
  /** A clean close (1000), as an app does when the driver goes offline. */
  close(): void;
  closed: Promise<{ code: number; reason: string }>;
}

const BASE = "http://curbside.test";

export interface DesignClientOptions {
  /** How the access token travels at the handshake (DESIGN.md: `?token=` or Sec-WebSocket-Protocol). */
  tokenVia?: "query" | "protocol";
}

/**
 * The client. `transport` is the only way it reaches the platform (a real
 * fetch in an app; the Worker's own fetch handler in tests).
 *
 * @example
 * const client = designClient((r) => exports.default.fetch(r));
 * const driver = await client.driverSocket(token, { lat: 23.03, lng: 72.58 });
 * driver.send({ type: "location", lat: 23.03, lng: 72.58, ts: new Date().toISOString() });
 */
export function designClient(transport: Transport) {
  async function rest<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      // A client address of its own, so the tests never share a rate-limit bucket.
      "cf-connecting-ip": `10.${rnd()}.${rnd()}.${rnd()}`,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await transport(
      new Request(`${BASE}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async function open<In extends { type: string }>(
    path: string,
    token: string,
    documented: readonly string[],
    options: DesignClientOptions,
  ): Promise<ContractSocket<In>> {
    const url = new URL(`${BASE}${path}`);
    const headers: Record<string, string> = { Upgrade: "websocket" };
    if (options.tokenVia === "protocol") headers["Sec-WebSocket-Protocol"] = `curbside.v1, bearer.${token}`;
    else url.searchParams.set("token", token);
    const response = await transport(new Request(url, { headers }));
    const ws = response.webSocket;
    if (response.status !== 101 || !ws) throw new Error(`${path}: no websocket (HTTP ${response.status})`);
    return socket<In>(ws, response, documented);
  }

  return {
    /** `GET /v1/ws/driver?lat=&lng=`: the driver's cell. */
    driverSocket(token: string, at: Point, options: DesignClientOptions = {}) {
      return open<DriverReceives>(`/v1/ws/driver?lat=${at.lat}&lng=${at.lng}`, token, DRIVER_FRAME_TYPES, options);
    },
    /** `GET /v1/ws/rides/:id`: the ride, for its rider, its driver and admins. */
    rideSocket(token: string, rideId: string, options: DesignClientOptions = {}) {
      return open<RideReceives>(`/v1/ws/rides/${rideId}`, token, RIDE_FRAME_TYPES, options);
    },
    /** `POST /v1/rides`: a rider asks for a ride. */
    requestRide(token: string, body: { service: string; pickup: Point; dropoff: Point; vehicle_class: string }) {
      return rest<{ id: string; status: string }>("POST", "/v1/rides", token, body);
    },
    /** `GET /v1/rides/:id`: "every state a websocket can show is also readable over HTTP". */
    ride(token: string, rideId: string) {
      return rest<Record<string, unknown> & { id: string; status: string }>("GET", `/v1/rides/${rideId}`, token);
    },
    cancelRide(token: string, rideId: string, reason?: string) {
      return rest<Record<string, unknown>>("POST", `/v1/rides/${rideId}/cancel`, token, reason ? { reason } : {});
    },
  };
}

export type DesignClient = ReturnType<typeof designClient>;

function rnd(): number {
  return Math.floor(Math.random() * 256);
}

function socket<In extends { type: string }>(
  ws: WebSocket,
  response: Response,
  documented: readonly string[],
): ContractSocket<In> {
  const frames: Frame[] = [];
  const unread: Frame[] = [];
  let wake: (() => void) | null = null;
  ws.addEventListener("message", (e) => {
    const frame = JSON.parse(String(e.data)) as Frame;
    frames.push(frame);
    unread.push(frame);
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => {
      resolve({ code: e.code, reason: e.reason });
      wake?.();
    }),
  );
  ws.accept();

  async function next(timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (unread.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms; received so far: ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
      wake = null;
    }
    return unread.shift() as Frame;
  }

  async function maybe<T extends In["type"]>(
    type: T,
    where: (frame: Extract<In, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<In, { type: T }> | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      let frame: Frame;
      try {
        frame = await next(left);
      } catch {
        return undefined;
      }
      if (frame.type === type && where(frame as Extract<In, { type: T }>)) return frame as Extract<In, { type: T }>;
    }
  }

  return {
    response,
    frames,
    undocumented: () => frames.filter((f) => !documented.includes(f.type)),
    next,
    maybe,
    async waitFor(type, where, timeoutMs = 10_000) {
      const found = await maybe(type, where, timeoutMs);
      if (!found) {
        throw new Error(`no ${String(type)} frame within ${timeoutMs} ms; received so far: ${JSON.stringify(frames)}`);
      }
      return found;
    },
    async initialFrames(timeoutMs = 10_000) {
      ws.send(JSON.stringify({ type: "contract.barrier" }));
      const seen: Frame[] = [];
      for (;;) {
        const frame = await next(timeoutMs);
        if (frame.type === "error") return seen;
        seen.push(frame);
      }
    },
    send: (message) => ws.send(JSON.stringify(message)),
    close: () => ws.close(1000, "bye"),
    closed,
  };
}
