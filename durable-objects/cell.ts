/**
 * CellActor: one per H3 cell at CELL_RES. Owns the online drivers of its
 * cell (positions, status, websocket sessions) — see DESIGN.md, "Shape".
 * A SQLite-backed Durable Object on partyserver with hibernating sockets.
 *
 * This foundation registers the actor and answers `ping()` for /health; the
 * dispatch engine (issue 4) gives it drivers, nearest-driver search and offers.
 */
import { Server } from "partyserver";
import type { Env } from "../src/env.ts";

export interface ActorPing {
  ok: true;
  actor: "CellActor" | "RideActor";
  name: string;
}

export class CellActor extends Server<Env> {
  static override options = { hibernate: true };

  /** Liveness probe used by /health. */
  ping(): ActorPing {
    return { ok: true, actor: "CellActor", name: this.name };
  }
}
