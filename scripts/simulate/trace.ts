/**
 * What the simulator saw of each ride, from both ends: the rider's request
 * and socket, the drivers' offers and the positions the assigned driver
 * sent. `samplesFrom` turns the traces into the report's samples.
 */
import { TERMINAL } from "../../src/domain/ride-lifecycle.ts";
import { emptySamples, type Samples } from "./report.ts";

export function isTerminal(status: string | undefined): boolean {
  return (TERMINAL as readonly string[]).includes(status ?? "");
}

export interface RideTrace {
  id: string;
  /** Milliseconds since the epoch, on this machine's clock (drivers and riders share it). */
  requestedAt?: number;
  firstOfferAt?: number;
  /** When the rider's socket said `driver.assigned`. */
  assignedAt?: number;
  /** Straight-line metres from the accepting driver to the pickup. */
  pickupDistanceM?: number;
  /** When the rider's socket first answered: positions are owed from then on. */
  watchingSince?: number;
  /** When the rider asked to cancel: positions sent after it may rightly go undelivered. */
  cancelAskedAt?: number;
  status?: string;
  /** `ts` of every position the assigned driver sent while the ride was theirs. */
  sent: number[];
  /** `ts` → milliseconds from send to the rider's receive. */
  received: Map<number, number>;
  /** What either end did around the ride (sockets opening and closing, handoffs), for explaining a lost position. */
  events: TraceEvent[];
}

export interface TraceEvent {
  at: number;
  what: string;
}

/** A lost position and what happened around it. */
export interface LostPosition {
  rideId: string;
  ts: number;
  /** Events within `LOSS_CONTEXT_MS` of the send, as "+1.2 s rider socket closed 1006". */
  context: string[];
}

export const LOSS_CONTEXT_MS = 15_000;

export class RideTraces {
  private readonly traces = new Map<string, RideTrace>();

  /** The trace of a ride, created by whichever end hears of it first (an offer can beat the POST's answer). */
  of(id: string): RideTrace {
    let trace = this.traces.get(id);
    if (!trace) {
      trace = { id, sent: [], received: new Map(), events: [] };
      this.traces.set(id, trace);
    }
    return trace;
  }

  all(): RideTrace[] {
    return [...this.traces.values()];
  }

  /** Rides a rider asked for that have not ended, by the rider's own view. */
  open(): RideTrace[] {
    return this.all().filter((t) => t.requestedAt !== undefined && !isTerminal(t.status));
  }
}

/** Positions owed to the rider: sent while they were watching and before they asked to cancel. */
export function owedPositions(trace: RideTrace): number[] {
  const since = trace.watchingSince;
  if (since === undefined) return [];
  return trace.sent.filter((ts) => ts >= since && (trace.cancelAskedAt === undefined || ts < trace.cancelAskedAt));
}

/** Owed positions the rider never received, each with the events around its send. */
export function lostPositions(trace: RideTrace): LostPosition[] {
  return owedPositions(trace)
    .filter((ts) => !trace.received.has(ts))
    .map((ts) => ({
      rideId: trace.id,
      ts,
      context: trace.events
        .filter((e) => Math.abs(e.at - ts) <= LOSS_CONTEXT_MS)
        .map((e) => `${e.at >= ts ? "+" : "-"}${(Math.abs(e.at - ts) / 1000).toFixed(2)} s ${e.what}`),
    }));
}

/**
 * The report's samples from the traces. Traces hold wall-clock times; times
 * to the first offer and to assignment are reported on the simulation's clock
 * (× `speed`), location fan-out stays wall-clock latency.
 */
export function samplesFrom(traces: readonly RideTrace[], speed = 1): Samples {
  const s = emptySamples();
  for (const t of traces) {
    if (t.requestedAt === undefined) continue;
    s.requests++;
    if (t.status === "no_driver") s.noDriver++;
    if (t.status === "cancelled") s.cancelled++;
    if (t.status === "completed") s.completed++;
    if (t.status !== undefined && !isTerminal(t.status)) s.nonTerminal++;
    if (t.firstOfferAt !== undefined) s.firstOfferS.push((Math.max(0, t.firstOfferAt - t.requestedAt) / 1000) * speed);
    if (t.assignedAt !== undefined) {
      s.matched++;
      s.assignmentS.push(((t.assignedAt - t.requestedAt) / 1000) * speed);
    }
    if (t.pickupDistanceM !== undefined) s.pickupDistanceM.push(Math.round(t.pickupDistanceM));
    for (const ms of t.received.values()) s.fanoutMs.push(ms);
    s.messagesSent += owedPositions(t).length;
    s.messagesLost += lostPositions(t).length;
  }
  return s;
}
