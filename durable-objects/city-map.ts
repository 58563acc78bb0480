/**
 * CityMapActor: one per city, the admins' live map (`GET /v1/ws/admin/map`).
 * Admins' sockets connect here (hibernating, partyserver); while at least
 * one is open, the actor holds a lease on every cell of the city's service
 * area (renewed on its alarm), and the cells push their summaries and their
 * drivers' moves here (durable-objects/map-publisher.ts). The actor keeps the
 * latest of each for the next admin's snapshot and passes every change on
 * to the admins, serialised once. When the last admin leaves it releases the
 * cells at once, so a city nobody watches costs its cells nothing.
 *
 * How many admins watch does not change what the cells do: the fan-out is
 * here, not in them.
 */
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { config } from "../src/config.ts";
import { cellsCovering } from "../src/domain/cells.ts";
import { errorFields, log } from "../src/log.ts";
import type { MapCell, MapCity, MapDriver, MapServerMessage, MapUpdate } from "../src/protocol/admin-map.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";

/** How long a cell publishes after a lease is granted or renewed. */
const LEASE_MS = 30_000;
/** The alarm renews the leases this often while an admin watches. */
const RENEW_MS = 10_000;
const CITY_KEY = "city";

/** What an admin's socket remembers: its access token's expiry, seconds since the epoch. */
interface AdminSocket {
  tokenExp: number;
}

interface CityRecord extends MapCity {
  cells: string[];
}

export class CityMapActor extends Server<Env> {
  static override options = { hibernate: true };

  private city: CityRecord | undefined;
  private readonly cells = new Map<string, MapCell>();
  /** Driver → the cell that last reported them, and what it said. */
  private readonly drivers = new Map<string, { from: string; driver: MapDriver }>();

  /** The Worker names the city before it forwards an admin's socket (its service area and cells). */
  async open(city: MapCity): Promise<void> {
    const cells = cellsCovering(
      city.service_area.map((ring) => ring.map(([lng, lat]) => ({ lat, lng }))),
      config(this.env).cellRes,
    );
    this.city = { ...city, cells };
    await this.ctx.storage.put(CITY_KEY, this.city);
  }

  private async record(): Promise<CityRecord | undefined> {
    this.city ??= await this.ctx.storage.get<CityRecord>(CITY_KEY);
    return this.city;
  }

  // Upgrade forwarded by the Worker with TRUSTED user id, role and token expiry, after open().
  override async onConnect(connection: Connection<AdminSocket>, ctx: ConnectionContext): Promise<void> {
    try {
      const city = await this.record();
      if (ctx.request.headers.get(TRUSTED.role) !== "admin" || !city) {
        return connection.close(CLOSE.notFound, "not_found");
      }
      connection.setState({ tokenExp: Number(ctx.request.headers.get(TRUSTED.tokenExp)) || 0 });
      const { cells: _cells, ...shown } = city;
      const snapshot: MapServerMessage = {
        type: "map.snapshot",
        city: shown,
        cells: [...this.cells.values()],
        drivers: [...this.drivers.values()].map((d) => d.driver),
        ts: new Date().toISOString(),
      };
      connection.send(JSON.stringify(snapshot));
      if ((await this.ctx.storage.getAlarm()) === null) await this.lease(city, Date.now() + LEASE_MS);
    } catch (error) {
      log("error", "CityMapActor.onConnect", { city: this.name, ...errorFields(error) });
      connection.close(1011, "internal_error");
    }
  }

  // Admins send nothing on this socket.
  override onMessage(connection: Connection): void {
    const error: MapServerMessage = { type: "error", code: "read_only", message: "This socket only sends." };
    connection.send(JSON.stringify(error));
  }

  override async onClose(connection: Connection): Promise<void> {
    if (this.watching(connection) > 0) return;
    try {
      const city = await this.record();
      if (city) await this.lease(city, 0);
    } catch (error) {
      log("error", "CityMapActor.onClose", { city: this.name, ...errorFields(error) });
    }
  }

  /**
   * A cell's changes (CellActor → here, at most every ~500 ms a cell):
   * kept for snapshots, passed on to every admin watching.
   */
  async publish(update: MapUpdate): Promise<void> {
    const out: MapServerMessage[] = [];
    if (update.cell) {
      this.cells.set(update.cell.cell, update.cell);
      out.push({ type: "map.cell", ...update.cell });
    }
    for (const driver of update.drivers) {
      this.drivers.set(driver.driver_id, { from: update.from, driver });
      out.push({ type: "map.driver", ...driver });
    }
    const ts = new Date().toISOString();
    for (const driverId of update.gone) {
      // A driver who crossed into another cell is that cell's now.
      if (this.drivers.get(driverId)?.from !== update.from) continue;
      this.drivers.delete(driverId);
      out.push({ type: "map.driver.gone", driver_id: driverId, ts });
    }
    if (this.watching() === 0) return;
    for (const message of out) this.broadcast(JSON.stringify(message));
  }

  /** Admins watching now (tests and the benchmark). */
  async watchers(): Promise<{ admins: number; cells: number }> {
    return { admins: this.watching(), cells: (await this.record())?.cells.length ?? 0 };
  }

  /** Closes sockets whose token has expired; renews the cells' leases while an admin watches, releases them when none does. */
  override async onAlarm(): Promise<void> {
    try {
      const now = Date.now() / 1000;
      for (const c of this.getConnections<AdminSocket>()) {
        if ((c.state?.tokenExp ?? 0) > now) continue;
        const expired: MapServerMessage = {
          type: "error",
          code: "token_expired",
          message: "Reconnect with a fresh token.",
        };
        c.send(JSON.stringify(expired));
        c.close(CLOSE.tokenExpired, "token_expired");
      }
      const city = await this.record();
      if (city) await this.lease(city, this.watching() > 0 ? Date.now() + LEASE_MS : 0);
    } catch (error) {
      log("error", "CityMapActor.onAlarm", { city: this.name, ...errorFields(error) });
    }
  }

  /** Open admin sockets, but for one that is closing. */
  private watching(closing?: Connection): number {
    let n = 0;
    for (const c of this.getConnections()) if (c.id !== closing?.id) n++;
    return n;
  }

  /** Tells every cell of the city to publish until `until` (0: stop now), and plans the renewal. */
  private async lease(city: CityRecord, until: number): Promise<void> {
    if (until > 0) await this.ctx.storage.setAlarm(Date.now() + RENEW_MS);
    else {
      await this.ctx.storage.deleteAlarm();
      this.cells.clear();
      this.drivers.clear();
    }
    const results = await Promise.allSettled(
      city.cells.map((cell) => this.env.CELL.getByName(cell).watchMap(this.name, until)),
    );
    const failed = results.filter((r) => r.status === "rejected").length;
    if (failed > 0) log("warn", "CityMapActor.lease", { city: this.name, failed, cells: city.cells.length });
  }
}
