/**
 * A websocket → TCP bridge for local development and tests. The Neon
 * serverless driver speaks the Postgres wire protocol over a websocket (the
 * way it reaches Neon's proxy in production); locally, `neonConfig.wsProxy`
 * points it here and this bridge pipes each socket to a Postgres server on
 * this machine. Only loopback targets are accepted.
 */
import { connect } from "node:net";
import { WebSocketServer } from "ws";

export interface WsBridge {
  /** The value for the Worker's DB_WS_PROXY: `127.0.0.1:PORT/v1`. */
  proxy: string;
  port: number;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export async function startWsBridge(port: number): Promise<WsBridge> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port, path: "/v1" });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "/", "http://bridge").searchParams.get("address") ?? "";
    const at = address.lastIndexOf(":");
    const host = address.slice(0, at);
    const targetPort = Number(address.slice(at + 1));
    if (at < 0 || !LOOPBACK.has(host) || !Number.isInteger(targetPort)) {
      ws.close(1008, "address must be a loopback host:port");
      return;
    }
    const tcp = connect({ host: host.replace(/^\[|\]$/g, ""), port: targetPort });
    const pending: Buffer[] = [];
    let open = false;
    tcp.on("connect", () => {
      open = true;
      for (const chunk of pending) tcp.write(chunk);
      pending.length = 0;
    });
    ws.on("message", (data) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (open) tcp.write(chunk);
      else pending.push(chunk);
    });
    tcp.on("data", (chunk) => ws.send(chunk));
    tcp.on("close", () => ws.close());
    tcp.on("error", () => ws.close(1011, "database connection failed"));
    ws.on("close", () => tcp.destroy());
    ws.on("error", () => tcp.destroy());
  });
  const actualPort = (wss.address() as { port: number }).port;
  return {
    proxy: `127.0.0.1:${actualPort}/v1`,
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
