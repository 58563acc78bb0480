/**
 * CellActor: one per H3 cell at CELL_RES. Owns the online drivers of its
 * cell (positions, status, websocket sessions) — see DESIGN.md, "Shape".
 * A SQLite-backed Durable Object on partyserver with hibernating sockets.
 *
 * It trusts only what the Worker forwards (protocol/close-codes.ts, TRUSTED
 * headers): the Worker has already checked the token, the role and the
 * driver's verification. Here a socket is closed with 4001 `token_expired`
 * when its access token runs out, and every frame is parsed against the
 * protocol before use. Positions, nearest-driver search and offers come with
 * the dispatch engine (issue 4).
 */
import { type Connection, type ConnectionContext, Server, type WSMessage } from "partyserver";
import type { Env } from "../src/env.ts";
import { errorFields, log } from "../src/log.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";
import { type DriverServerMessage, parseDriverMessage } from "../src/protocol/driver.ts";

export interface ActorPing {
  ok: true;
  actor: "CellActor" | "RideActor";
  name: string;
}

/** What a driver's connection remembers across hibernation. */
interface DriverSession {
  driverId: string;
  vehicleId: string;
  vehicleClass: string;
  /** Access-token expiry, seconds since the epoch. */
  tokenExp: number;
}

function send(connection: Connection, message: DriverServerMessage): void {
  connection.send(JSON.stringify(message));
}

export class CellActor extends Server<Env> {
  static override options = { hibernate: true };

  /** Liveness probe used by /health. */
  ping(): ActorPing {
    return { ok: true, actor: "CellActor", name: this.name };
  }

  // Upgrade forwarded by the Worker with TRUSTED headers.
  override async onConnect(connection: Connection<DriverSession>, ctx: ConnectionContext): Promise<void> {
    try {
      const h = ctx.request.headers;
      const session: DriverSession = {
        driverId: h.get(TRUSTED.userId) ?? "",
        vehicleId: h.get(TRUSTED.vehicleId) ?? "",
        vehicleClass: h.get(TRUSTED.vehicleClass) ?? "",
        tokenExp: Number(h.get(TRUSTED.tokenExp)),
      };
      if (!session.driverId || h.get(TRUSTED.role) !== "driver" || !Number.isFinite(session.tokenExp)) {
        connection.close(CLOSE.unauthenticated, "unauthenticated");
        return;
      }
      connection.setState(session);
      if (this.expired(session)) return this.closeExpired(connection);
      await this.scheduleExpiry(session.tokenExp);
    } catch (error) {
      log("error", "CellActor.onConnect", { cell: this.name, ...errorFields(error) });
      connection.close(1011, "internal_error");
    }
  }

  // Any driver → server frame: see protocol/driver.ts, DriverClientMessage.
  override async onMessage(connection: Connection<DriverSession>, frame: WSMessage): Promise<void> {
    try {
      const session = connection.state;
      if (!session) return connection.close(CLOSE.unauthenticated, "unauthenticated");
      if (this.expired(session)) return this.closeExpired(connection);
      const parsed = parseDriverMessage(typeof frame === "string" ? frame : new ArrayBuffer(0));
      if (!parsed.ok) return send(connection, { type: "error", code: parsed.code, message: parsed.message });
      send(connection, {
        type: "error",
        code: "not_available_yet",
        message: `"${parsed.message.type}" is understood but dispatch is not running in this cell yet.`,
      });
    } catch (error) {
      log("error", "CellActor.onMessage", { cell: this.name, ...errorFields(error) });
    }
  }

  /** Closes every socket whose token has run out, then waits for the next expiry. */
  override async onAlarm(): Promise<void> {
    try {
      let next = Number.POSITIVE_INFINITY;
      for (const connection of this.getConnections<DriverSession>()) {
        const session = connection.state;
        if (!session) continue;
        if (this.expired(session)) this.closeExpired(connection);
        else next = Math.min(next, session.tokenExp);
      }
      if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next * 1000);
    } catch (error) {
      log("error", "CellActor.onAlarm", { cell: this.name, ...errorFields(error) });
    }
  }

  private expired(session: DriverSession): boolean {
    return session.tokenExp * 1000 <= Date.now();
  }

  private closeExpired(connection: Connection): void {
    send(connection, {
      type: "error",
      code: "token_expired",
      message: "The access token has expired; reconnect with a fresh one.",
    });
    connection.close(CLOSE.tokenExpired, "token_expired");
  }

  private async scheduleExpiry(tokenExp: number): Promise<void> {
    const at = tokenExp * 1000;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || at < current) await this.ctx.storage.setAlarm(at);
  }
}
