/**
 * Serves one PGlite session on the Postgres wire to many client connections
 * (node-postgres, the Neon driver through the websocket bridge, psql).
 *
 * @electric-sql/pglite-socket's server handles each TCP chunk in its own
 * async task, so two chunks of one connection can be framed and queued out
 * of order under load, and its queue lets connections interleave inside an
 * extended-protocol exchange. Here each connection frames its bytes in one
 * ordered chain and the session is leased to one connection at a time
 * (session-lease-queue.ts).
 */
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { SessionLeaseQueue } from "./session-lease-queue.ts";

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

export interface PgWireServer {
  port: number;
  stop(): Promise<void>;
}

export async function servePgWire(db: PGlite, host: string, port: number): Promise<PgWireServer> {
  const queue = new SessionLeaseQueue(db);
  const sockets = new Set<Socket>();
  let nextId = 1;

  const server: Server = createServer((socket) => {
    const id = nextId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    // After a failed extended-protocol step, messages up to Sync are skipped.
    let skippingToSync = false;
    let chain: Promise<void> = Promise.resolve();

    const reply = (data: Uint8Array) => {
      if (data.length > 0 && socket.writable) socket.write(data);
    };

    // Takes every complete message off the buffer, in order, and runs it.
    async function drain(): Promise<void> {
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write("N"); // no encryption on loopback
            continue;
          }
          if (code === CANCEL_REQUEST) continue; // not supported
          started = true;
          await queue.enqueue(id, new Uint8Array(message), reply);
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const type = message[0];
        if (type === 0x58 /* Terminate */) {
          socket.end();
          return;
        }
        if (skippingToSync && type !== 0x53 /* Sync */) continue;
        skippingToSync = false;
        const result = await queue.enqueue(id, new Uint8Array(message), reply);
        if (result.errored) skippingToSync = true;
      }
    }

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      chain = chain.then(drain).catch(() => {
        socket.destroy();
      });
    });
    const release = () => {
      if (!sockets.delete(socket)) return;
      queue.clearQueueForHandler(id);
      void queue.clearTransactionIfNeeded(id);
    };
    socket.on("close", release);
    socket.on("error", release);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
