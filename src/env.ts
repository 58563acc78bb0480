/** The Worker's bindings (wrangler.toml) and secrets (.dev.vars.example). */
import type { CellActor } from "../durable-objects/cell.ts";
import type { RateLimiter } from "../durable-objects/rate-limiter.ts";
import type { RideActor } from "../durable-objects/ride.ts";
import type { AccessClaims } from "./auth/tokens.ts";
import type { HttpDatabase } from "./db/client.ts";
import type { EventEnvelope } from "./domain/events.ts";

export interface Env {
  /** Postgres connection string (Neon in production). Secret. */
  DATABASE_URL: string;
  /**
   * Local only: `127.0.0.1:PORT` of the stand-in for Neon's proxy
   * (scripts/lib/neon-proxy.ts) that the Neon driver uses for both its HTTP
   * queries and its websockets. Unset in production: the driver talks to Neon.
   */
  DB_PROXY?: string;
  /** `production`, `development` or `test`. */
  ENVIRONMENT: string;
  /** H3 resolution of a cell (default 6). */
  CELL_RES: string;
  /**
   * Access-token signing keys, `kid:secret[,kid:secret…]` (base64url secrets,
   * 32+ bytes); the first signs, all verify. Secret.
   */
  JWT_SIGNING_KEYS: string;
  /**
   * Outside production only: `true` puts a sent OTP code in the response
   * (`dev_code`) so tests and local tools can log in by phone.
   */
  OTP_ECHO?: string;
  /** Seconds a driver has to answer an offer (default 15). */
  OFFER_TIMEOUT_S?: string;
  /** Seconds dispatch keeps looking before a ride ends as no_driver (default 120). */
  DISPATCH_WINDOW_S?: string;
  /**
   * Simulations only: the city's clock runs this many times faster (default
   * 1, at most 60, only 1 in production). Divides the platform's timers and
   * multiplies measured ride durations for the fare; see domain/time-scale.ts.
   */
  TIME_SCALE?: string;
  CELL: DurableObjectNamespace<CellActor>;
  RIDE: DurableObjectNamespace<RideActor>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  EVENTS: Queue<EventEnvelope>;
  /** Driver documents (licences, registrations, insurance). */
  DOCUMENTS: R2Bucket;
  ASSETS: Fetcher;
}

/** Hono's environment: bindings plus what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /**
     * The request's database handle (see http/database.ts): queries over
     * HTTP, `transaction()` on a websocket Pool opened on first use.
     */
    db: () => HttpDatabase;
    /** The caller, set by requireAuth() (http/auth.ts). */
    auth?: AccessClaims;
  };
}
