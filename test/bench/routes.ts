/**
 * The request path, route by route, on one running platform: autocannon
 * against the runtime's ceiling (the gateway's trivial JSON route) and
 * Curbside's hot routes — the estimate, a ride request (each opens a ride
 * actor and is then cancelled), and the map of nearby drivers — with
 * requests/s, p50/p99 and the ratio to the ceiling.
 */
import autocannon from "autocannon";
import { profileWhile } from "./cpu-profile.ts";
import type { Platform } from "./platform.ts";

export interface RouteResult {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and socket errors. */
  errors: number;
  /** requests/s over the trivial route's. */
  ratio: number;
}

export interface RouteWorkload {
  /** Pickup and drop-off pairs inside the city. */
  trips: { pickup: { lat: number; lng: number }; dropoff: { lat: number; lng: number } }[];
  /** Access tokens of signed-in riders; each rider asks for at most 10 rides a minute. */
  riderTokens: string[];
  /** The vehicle class ride requests ask for. */
  rideClass: string;
  connections: number;
  seconds: number;
  /** A CPU profile of the Worker's isolate while the estimate runs, through the platform's inspector. */
  profile?: { inspectorPort: number; file: string };
}

type Run = autocannon.Result;
/** What one autocannon connection remembers between a ride request and its cancellation. */
interface RideContext {
  token?: string;
  rideId?: string | undefined;
}

/** An autocannon run as a row's figures. */
export const results = (run: Run) => ({
  rps: run.requests.average,
  p50: run.latency.p50,
  p99: run.latency.p99,
  errors: run.non2xx + run.errors + run.timeouts,
});

/** The runtime's ceiling: the gateway's trivial JSON route, after two unmeasured seconds that warm the load generator. */
export async function benchTrivial(p: Platform, connections: number, seconds: number): Promise<Run> {
  const url = new URL("ping", p.gateway).href;
  await autocannon({ connections, duration: 2, url });
  return autocannon({ connections, duration: seconds, url });
}

/**
 * autocannon GETs on Curbside's Worker: `next(i)` gives the i-th request's
 * path and headers. Returns the run and, for a list route (`{data: […]}`),
 * how many items an answered page held on average.
 */
export async function benchGets(
  p: Platform,
  o: { connections: number; seconds: number; next: (i: number) => { path: string; headers?: Record<string, string> } },
): Promise<{ run: Run; perPage: number }> {
  let i = 0;
  let answered = 0;
  let found = 0;
  const run = await autocannon({
    url: p.api.href,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => ({ ...req, ...o.next(i++) }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          answered++;
          found += (JSON.parse(body) as { data?: unknown[] }).data?.length ?? 0;
        },
      },
    ],
  });
  return { run, perPage: answered ? found / answered : 0 };
}

/** Prints route rows as a table: requests/s, latency, the share of the trivial route's rate, failures. */
export function printRoutes(title: string, routes: RouteResult[]): void {
  console.log(`\n${title}\n`);
  console.table(
    routes.map((r) => ({
      route: r.route,
      "requests/s": r.rps < 10 ? r.rps.toFixed(1) : Math.round(r.rps).toLocaleString("en-GB"),
      p50: `${r.p50} ms`,
      p99: `${r.p99} ms`,
      "× trivial": `${(r.ratio * 100).toFixed(0)} %`,
      "non-2xx/errors": r.errors,
    })),
  );
}

export async function benchRoutes(p: Platform, w: RouteWorkload): Promise<RouteResult[]> {
  const base = { connections: w.connections, duration: w.seconds };
  let next = 0;
  const trip = () => w.trips[next++ % w.trips.length] as RouteWorkload["trips"][number];
  const auth = { authorization: `Bearer ${w.riderTokens[0]}` };

  const trivial = await benchTrivial(p, w.connections, w.seconds);

  const estimating = () =>
    autocannon({
      ...base,
      url: p.api.href,
      requests: [
        {
          method: "POST",
          path: "/v1/rides/estimate",
          headers: { ...auth, "content-type": "application/json" },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ service: "passenger", ...trip() }) }),
        },
      ],
    });
  const estimate = w.profile
    ? await profileWhile(w.profile.inspectorPort, w.profile.file, estimating)
    : await estimating();

  // A ride request, then its cancellation, on the same connection: each pair opens one ride actor.
  let rider = 0;
  const rides = await autocannon({
    ...base,
    url: p.api.href,
    requests: [
      {
        method: "POST",
        path: "/v1/rides",
        setupRequest: (req, context: RideContext) => {
          const token = w.riderTokens[rider++ % w.riderTokens.length] as string;
          context.token = token;
          return {
            ...req,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ service: "passenger", vehicle_class: w.rideClass, ...trip() }),
          };
        },
        onResponse: (status, body, context: RideContext) => {
          context.rideId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
        },
      },
      {
        method: "POST",
        setupRequest: (req, context: RideContext) => ({
          ...req,
          path: `/v1/rides/${context.rideId ?? "00000000-0000-4000-8000-000000000000"}/cancel`,
          headers: { authorization: `Bearer ${context.token}`, "content-type": "application/json" },
          body: JSON.stringify({ reason: "benchmark" }),
        }),
      },
    ],
  });

  const nearby = await autocannon({
    ...base,
    url: p.api.href,
    headers: auth,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => {
          const { pickup } = trip();
          return {
            ...req,
            path: `/v1/drivers/nearby?lat=${pickup.lat}&lng=${pickup.lng}&vehicle_class=car&radius_m=3000&limit=10`,
          };
        },
      },
    ],
  });

  const ceiling = results(trivial).rps;
  return [
    ["trivial JSON route (the runtime's ceiling)", trivial],
    ["POST /v1/rides/estimate", estimate],
    ["POST /v1/rides + cancel (pairs of requests)", rides],
    ["GET /v1/drivers/nearby", nearby],
  ].map(([route, run]) => {
    const r = results(run as Run);
    return { route: route as string, ...r, ratio: r.rps / ceiling };
  });
}
