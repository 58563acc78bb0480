/**
 * A driver's websocket as the CellActor holds it. What the socket remembers
 * across hibernation is its attachment (`SocketSession`: no storage write):
 * who, until when, where they last were and when they were last heard.
 * Sending never throws, and a socket whose token has expired, that fell
 * silent past the reconnect grace, or that another socket replaced, is closed
 * with a code the app acts on (protocol/close-codes.ts).
 */
import type { Connection } from "partyserver";
import { CLOSE } from "../src/protocol/close-codes.ts";
import type { DriverClientMessage, DriverServerMessage } from "../src/protocol/driver.ts";

/** What a driver's socket remembers across hibernation (its attachment). */
export interface SocketSession {
  driverId: string;
  /** Access-token expiry, seconds since the epoch. */
  tokenExp: number;
  /** The latest position. */
  lat: number;
  lng: number;
  lastSeen: number;
}

export type DriverSocket = Connection<SocketSession>;

export function send(connection: Connection, messages: readonly DriverServerMessage[]): void {
  try {
    for (const message of messages) connection.send(JSON.stringify(message));
  } catch {
    // The socket closed under us; the driver gets the state again on reconnect.
  }
}

/** Sends to each of the driver's sockets here; false if they have none here. */
export function sendAll(sockets: Iterable<Connection>, messages: readonly DriverServerMessage[]): boolean {
  let any = false;
  for (const socket of sockets) {
    send(socket, messages);
    any = true;
  }
  return any;
}

/** Whether the session's access token has expired. */
export function tokenExpired(session: Pick<SocketSession, "tokenExp">, now: number): boolean {
  return session.tokenExp * 1000 <= now;
}

/** Closes a socket whose access token has expired: the app reconnects with a fresh one. */
export function closeExpired(connection: Connection): void {
  const message = "The access token has expired; reconnect with a fresh one.";
  send(connection, [{ type: "error", code: "token_expired", message }]);
  connection.close(CLOSE.tokenExpired, "token_expired");
}

/** Closes the driver's sockets but `keep`: one socket per driver, the newest. */
export function closeReplaced(sockets: Iterable<Connection>, keep?: Connection): void {
  for (const socket of sockets) if (socket.id !== keep?.id) socket.close(CLOSE.replaced, "replaced");
}

/** Notes on the socket that the driver was heard from now, and where they are if the frame says. */
export function heard(connection: DriverSocket, session: SocketSession, frame: DriverClientMessage, now: number): void {
  const where = frame.type === "location" ? { lat: frame.lat, lng: frame.lng } : {};
  connection.setState({ ...session, ...where, lastSeen: now });
}

/** The tick's sweep: sockets whose token has expired, or silent for longer than `silentAfterMs`, are closed. */
export function sweep(sockets: Iterable<DriverSocket>, now: number, silentAfterMs: number): void {
  for (const socket of sockets) {
    const s = socket.state;
    if (s && tokenExpired(s, now)) closeExpired(socket);
    else if (s && now - s.lastSeen > silentAfterMs) socket.close(CLOSE.idleTimeout, "idle_timeout");
  }
}
