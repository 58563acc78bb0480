/** Websocket clients for tests inside workerd: connect through the Worker, read frames in order. */
import { expect } from "vitest";
import { call } from "./helpers.ts";

export interface Frame {
  type: string;
  [key: string]: unknown;
}

export interface TestSocket {
  res: Response;
  ws: WebSocket;
  /** Every frame received so far. */
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  /** The next unread frame (waits up to `timeoutMs`, 10 s by default: CI shares two cores). */
  next(timeoutMs?: number): Promise<Frame>;
  /** Reads frames until one of this type arrives (waits up to `timeoutMs`). */
  nextOf(type: string, timeoutMs?: number): Promise<Frame>;
  /**
   * A driver's socket: reads until the offer of this ride arrives, declining any other ride's
   * (test files run side by side in one city, and a ride still searching may reach this driver first).
   */
  offerOf(rideId: string, timeoutMs?: number): Promise<Frame>;
  send(message: unknown): void;
  close(): void;
}

export async function openSocket(path: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const res = await call(path, { headers: { Upgrade: "websocket", ...headers } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  const frames: Frame[] = [];
  const unread: Frame[] = [];
  let wake: (() => void) | null = null;
  ws.addEventListener("message", (e) => {
    const frame = JSON.parse(String(e.data)) as Frame;
    frames.push(frame);
    unread.push(frame);
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => {
      resolve({ code: e.code, reason: e.reason });
      wake?.();
    }),
  );
  ws.accept();
  async function next(timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (unread.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms; got so far: ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
      wake = null;
    }
    return unread.shift() as Frame;
  }
  async function nextOf(type: string, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await next(Math.max(1, deadline - Date.now()));
      if (frame.type === type) return frame;
    }
  }
  return {
    res,
    ws,
    frames,
    closed,
    next,
    nextOf,
    async offerOf(rideId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const frame = await nextOf("offer", Math.max(1, deadline - Date.now()));
        if (frame.ride_id === rideId) return frame;
        ws.send(JSON.stringify({ type: "offer.decline", ride_id: frame.ride_id }));
      }
    },
    send: (message) => ws.send(typeof message === "string" ? message : JSON.stringify(message)),
    close: () => ws.close(1000, "bye"),
  };
}
