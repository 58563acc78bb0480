/**
 * RideActor: one per active ride. Owns the ride from request to settlement
 * (state machine, dispatch loop, rider sockets, outbox) — see DESIGN.md,
 * "Shape". A SQLite-backed Durable Object on partyserver with hibernating
 * sockets.
 *
 * This foundation registers the actor and answers `ping()` for /health; the
 * dispatch engine (issue 4) gives it rides.
 */
import { Server } from "partyserver";
import type { Env } from "../src/env.ts";
import type { ActorPing } from "./cell.ts";

export class RideActor extends Server<Env> {
  static override options = { hibernate: true };

  /** Liveness probe used by /health. */
  ping(): ActorPing {
    return { ok: true, actor: "RideActor", name: this.name };
  }
}
