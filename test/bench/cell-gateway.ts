/**
 * A benchmark-only Worker that sits beside Curbside's own bundle in workerd
 * and talks to its CellActor directly: it forwards websocket upgrades with
 * the headers the real Worker would set after authentication (so the bench
 * needs no database), and runs nearest-driver queries over RPC from inside
 * workerd. Never deployed.
 */
import { cellToBoundary } from "h3-js";
import type { CellActor, DriverRecord } from "../../durable-objects/cell.ts";
import type { CityMapActor } from "../../durable-objects/city-map.ts";

/** A driver of the three-engine benchmark's workload, with the cell of its position. */
interface BenchDriver {
  id: string;
  lat: number;
  lng: number;
  cell: string;
}

/** Runs `work` over `items`, `limit` at a time. */
async function eachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * Sends `total` location frames (`send(i)` sends the i-th) with at most `window` not yet handled by
 * the cells, and times until all are handled. A burst of tens of thousands of frames at once
 * measures workerd's queue for the isolate lock, whose cost grows with the number of waiting
 * events, not the cell's work; phones at a 4-second cadence never arrive that way.
 */
async function paced(
  total: number,
  send: (i: number) => void,
  handled: () => Promise<number>,
  window = 256,
): Promise<{ processed: number; seconds: number }> {
  const before = await handled();
  const t0 = Date.now();
  let sent = 0;
  let processed = 0;
  while (processed < total && Date.now() - t0 < 120_000) {
    while (sent < total && sent - processed < window) send(sent++);
    processed = (await handled()) - before;
  }
  return { processed, seconds: (Date.now() - t0) / 1000 };
}

interface Env {
  CELL: DurableObjectNamespace<CellActor>;
  /** Only test/bench/map-watch.ts binds it (admins watching the cell's map). */
  MAP?: DurableObjectNamespace<CityMapActor>;
}

/**
 * `n` admins watching a city made of this cell (and its neighbours), as
 * /v1/ws/admin/map would connect them: open once the cell's first summary
 * has reached them all. `close()` returns how many frames they received.
 */
async function watchCell(env: Env, cell: string, n: number): Promise<{ close(): number }> {
  if (!env.MAP) throw new Error("no MAP binding: run test/bench/map-watch.ts");
  const city = `bench-${cell}`;
  const map = env.MAP.getByName(city);
  const ring = cellToBoundary(cell, true) as [number, number][];
  await map.open({ id: city, name: city, service_area: [[...ring, ring[0] as [number, number]]] });
  let frames = 0;
  let cellFrames = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const headers = new Headers({ Upgrade: "websocket" });
    headers.set("x-curbside-user-id", `admin-${i}`);
    headers.set("x-curbside-role", "admin");
    const ws = (await map.fetch(new Request(`https://map.internal/${city}`, { headers }))).webSocket as WebSocket;
    ws.accept();
    ws.addEventListener("message", (e) => {
      frames++;
      if (String(e.data).includes('"map.cell"')) cellFrames++;
    });
    sockets.push(ws);
  }
  const deadline = Date.now() + 10_000;
  while (cellFrames < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    close() {
      for (const ws of sockets) ws.close(1000, "done");
      return frames;
    },
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const cell = url.searchParams.get("cell") ?? "";
    if (url.pathname === "/ping") {
      // The runtime's ceiling: the least a Worker can answer with JSON.
      return Response.json({ ok: true });
    }
    const stub = env.CELL.getByName(cell);
    if (url.pathname === "/rpc-nearest") {
      // One RPC to one cell and nothing else: what a route that asks one actor can at best reach.
      const found = await stub.nearest({
        lat: Number(url.searchParams.get("lat")),
        lng: Number(url.searchParams.get("lng")),
        radiusM: 3000,
        vehicleClass: "car",
        k: 10,
      });
      return Response.json({ data: found });
    }
    if (url.pathname === "/connect") {
      const headers = new Headers({ Upgrade: "websocket" });
      for (const name of ["Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]) {
        const value = request.headers.get(name);
        if (value) headers.set(name, value);
      }
      headers.set("x-curbside-user-id", url.searchParams.get("driver") ?? "");
      headers.set("x-curbside-role", "driver");
      headers.set("x-curbside-vehicle-id", crypto.randomUUID());
      headers.set("x-curbside-vehicle-class", url.searchParams.get("class") ?? "car");
      headers.set("x-curbside-token-exp", String(Math.floor(Date.now() / 1000) + 3600));
      return stub.fetch(
        new Request(
          `https://cell.internal/${cell}?lat=${url.searchParams.get("lat")}&lng=${url.searchParams.get("lng")}`,
          { headers },
        ),
      );
    }
    if (url.pathname === "/stats") return Response.json(await stub.stats());
    if (url.pathname === "/adopt") {
      // Places drivers in their cells the way a handoff does (RPC `adopt`): no socket per driver.
      const { drivers, vehicleClass } = (await request.json()) as { drivers: BenchDriver[]; vehicleClass: string };
      const t0 = Date.now();
      await eachLimit(drivers, 64, async (d) => {
        const record: DriverRecord = {
          driverId: d.id,
          vehicleId: d.id,
          vehicleClass,
          lat: d.lat,
          lng: d.lng,
          status: "available",
          rating: 5,
          lastSeen: Date.now(),
          offer: null,
          ride: null,
        };
        await env.CELL.getByName(d.cell).adopt(record);
      });
      return Response.json({ adopted: drivers.length, seconds: (Date.now() - t0) / 1000 });
    }
    if (url.pathname === "/drive") {
      // Opens a socket per given driver (inside workerd), sends `updates` positions from each, and
      // times until their cells have handled them all.
      const { drivers, updates, vehicleClass } = (await request.json()) as {
        drivers: BenchDriver[];
        updates: number;
        vehicleClass: string;
      };
      const cells = [...new Set(drivers.map((d) => d.cell))];
      const sockets: [WebSocket, BenchDriver][] = [];
      await eachLimit(drivers, 64, async (d) => {
        const headers = new Headers({ Upgrade: "websocket" });
        headers.set("x-curbside-user-id", d.id);
        headers.set("x-curbside-role", "driver");
        headers.set("x-curbside-vehicle-id", d.id);
        headers.set("x-curbside-vehicle-class", vehicleClass);
        headers.set("x-curbside-token-exp", String(Math.floor(Date.now() / 1000) + 3600));
        const res = await env.CELL.getByName(d.cell).fetch(
          new Request(`https://cell.internal/${d.cell}?lat=${d.lat}&lng=${d.lng}`, { headers }),
        );
        const ws = res.webSocket as WebSocket;
        ws.accept();
        sockets.push([ws, d]);
      });
      const handled = async () => {
        const stats = await Promise.all(cells.map((c) => env.CELL.getByName(c).stats()));
        return stats.reduce((sum, s) => sum + s.location_updates, 0);
      };
      // The same spot each time, so no update crosses into another cell; the cell's work is the same.
      const { processed, seconds } = await paced(
        sockets.length * updates,
        (i) => {
          const [ws, d] = sockets[i % sockets.length] as [WebSocket, BenchDriver];
          ws.send(JSON.stringify({ type: "location", lat: d.lat, lng: d.lng, ts: Date.now() }));
        },
        handled,
      );
      for (const [ws] of sockets) ws.close(1000, "done");
      return Response.json({ connected: sockets.length, processed, seconds });
    }
    if (url.pathname === "/load") {
      // Connects n drivers to the cell from inside workerd (no OS sockets, no client process in the way),
      // sends `updates` location messages from each, and times until the cell has handled them all.
      const n = Number(url.searchParams.get("n") ?? 1000);
      const updates = Number(url.searchParams.get("updates") ?? 5);
      const lat = Number(url.searchParams.get("lat"));
      const lng = Number(url.searchParams.get("lng"));
      const admins = Number(url.searchParams.get("admins") ?? 0);
      const spread = () => (Math.random() - 0.5) * 0.02;
      const sockets: WebSocket[] = [];
      for (let start = 0; start < n; start += 200) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(200, n - start) }, async (_, j) => {
            const headers = new Headers({ Upgrade: "websocket" });
            headers.set("x-curbside-user-id", `w${cell}-${start + j}`);
            headers.set("x-curbside-role", "driver");
            headers.set("x-curbside-vehicle-id", crypto.randomUUID());
            headers.set("x-curbside-vehicle-class", (start + j) % 3 === 0 ? "car" : "bike");
            headers.set("x-curbside-token-exp", String(Math.floor(Date.now() / 1000) + 3600));
            const res = await stub.fetch(
              new Request(`https://cell.internal/${cell}?lat=${lat + spread()}&lng=${lng + spread()}`, { headers }),
            );
            const ws = res.webSocket as WebSocket;
            ws.accept();
            return ws;
          }),
        );
        sockets.push(...batch);
      }
      const watching = admins > 0 ? await watchCell(env, cell, admins) : null;
      const { processed, seconds } = await paced(
        n * updates,
        (i) =>
          (sockets[i % sockets.length] as WebSocket).send(
            JSON.stringify({ type: "location", lat: lat + spread(), lng: lng + spread(), ts: Date.now() }),
          ),
        async () => (await stub.stats()).location_updates,
      );
      const adminFrames = watching?.close() ?? 0;
      for (const ws of sockets) ws.close(1000, "done");
      return Response.json({ connected: sockets.length, processed, seconds, admins, adminFrames });
    }
    if (url.pathname === "/nearest") {
      // n queries, `concurrency` at a time, around the given point; returns timings.
      const n = Number(url.searchParams.get("n") ?? 1000);
      const concurrency = Number(url.searchParams.get("concurrency") ?? 16);
      const lat = Number(url.searchParams.get("lat"));
      const lng = Number(url.searchParams.get("lng"));
      const latencies: number[] = [];
      let next = 0;
      let found = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) {
            next++;
            const t0 = performance.now();
            const result = await stub.nearest({
              lat: lat + (Math.random() - 0.5) * 0.05,
              lng: lng + (Math.random() - 0.5) * 0.05,
              radiusM: 3000,
              vehicleClass: "car",
              k: 10,
            });
            latencies.push(performance.now() - t0);
            found += result.length;
          }
        }),
      );
      return Response.json({ n, seconds: (performance.now() - started) / 1000, latencies, found });
    }
    return new Response("not found", { status: 404 });
  },
};
