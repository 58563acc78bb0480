/** The Worker's bindings (wrangler.toml) and secrets (.dev.vars.example). */
import type { CellActor } from "../durable-objects/cell.ts";
import type { RateLimiter } from "../durable-objects/rate-limiter.ts";
import type { RideActor } from "../durable-objects/ride.ts";
import type { AccessClaims } from "./auth/tokens.ts";
import type { Database } from "./db/client.ts";
import type { EventEnvelope } from "./domain/events.ts";

export interface Env {
  /** Postgres connection string (Neon in production). Secret. */
  DATABASE_URL: string;
  /**
   * Local only: `host:port/path` of the websocket → TCP bridge that the Neon
   * driver uses instead of Neon's proxy. Unset in production.
   */
  DB_WS_PROXY?: string;
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
    /** The request's database handle, created on first use (see http/database.ts). */
    db: () => Database;
    /** The caller, set by requireAuth() (http/auth.ts). */
    auth?: AccessClaims;
  };
}
