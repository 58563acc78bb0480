/**
 * A driver's app without a socket, as the CellActor answers it
 * (`CellActor.http`, called by dispatch/driver-http.ts). Going online is a
 * socket's connect without the socket, and closes any socket of the driver
 * here (one channel per driver, the newest). A location, an accept or a
 * decline is the command the same socket frame makes, applied in the
 * driver's turn through the same status step (domain/driver-status.ts).
 * Every call counts as hearing from the driver: an app that stops calling is
 * taken offline by the tick after the same silence as a socket.
 */
import { cellOf } from "../src/domain/cells.ts";
import type { DriverCommand, DriverRecord, DriverSession } from "../src/domain/driver-status.ts";
import type { HttpDriverAnswer, HttpDriverCall } from "../src/protocol/actors.ts";
import { commandOf, type DriverClientMessage, type DriverServerMessage } from "../src/protocol/driver.ts";
import type { DriverRegistry } from "./registry.ts";
import type { Turns } from "./turns.ts";

export type { HttpDriverAnswer, HttpDriverCall };

/** What an HTTP call needs of its cell. */
export interface HttpHost {
  /** This cell, and the resolution positions are judged at. */
  readonly here: string;
  readonly cellRes: number;
  readonly registry: DriverRegistry;
  /** The driver's turns (handoffs.ts): one thing at a time per driver, whatever its source. */
  readonly turns: Turns;
  /** A driver's app connects (closing any socket of theirs here), taking the record over from `previousCell` if it has it. */
  join(session: DriverSession, previousCell: string | null): Promise<DriverServerMessage[]>;
  /** One command through the driver's status step (in their turn already). */
  apply(driverId: string, command: DriverCommand): Promise<DriverServerMessage[]>;
}

/**
 * Answers one call. A driver this cell does not hold (offline, or handed on
 * to the next cell) is answered with no record, and nothing is applied: the
 * Worker follows a handoff itself by going online in the next cell.
 */
export async function answerHttp(driverId: string, call: HttpDriverCall, host: HttpHost): Promise<HttpDriverAnswer> {
  const record = (): DriverRecord | null => host.registry.get(driverId) ?? null;
  if (call.type === "online") {
    const before = record();
    const messages = await host.join({ ...call.session, channel: "http" }, call.previousCell);
    return { before, after: record(), messages };
  }
  const command =
    call.type === "jobs" ? null : call.type === "offline" ? call : frameCommand(call.message, host.here, host.cellRes);
  return host.turns.run(driverId, async () => {
    const before = record();
    if (!before) return { before, after: null, messages: [] };
    host.registry.touch(driverId, Date.now());
    const messages = command ? await host.apply(driverId, command) : [];
    return { before, after: record(), messages };
  });
}

/** The command a driver's frame makes in the cell `here`: a position is judged by the cell it is in. */
export function frameCommand(message: DriverClientMessage, here: string, cellRes: number): DriverCommand {
  const cell = message.type === "location" ? cellOf(message, cellRes) : here;
  return commandOf(message, { cell, here });
}
