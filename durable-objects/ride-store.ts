/**
 * A RideActor's storage: the ride and its dispatch state, written together;
 * each state change with its event in the same put (the outbox, outbox.ts);
 * the driver's positions at most once per `positionEveryMs` (below); and the
 * one alarm, set for the earliest of the offer's deadline, the next search
 * and the outbox's retry.
 */
import type { DispatchState } from "../src/domain/dispatch.ts";
import { wakeTimes } from "../src/domain/dispatch.ts";
import type { EventEnvelope } from "../src/domain/events.ts";
import { type RideRecord, rideSnapshot } from "../src/domain/ride.ts";
import type { RideEventType } from "../src/domain/ride-lifecycle.ts";
import { Outbox } from "./outbox.ts";
import type { StopEventType } from "./ride-stops.ts";

export class RideStore {
  private readonly storage: DurableObjectStorage;
  private readonly outbox: Outbox;
  private readonly positionEveryMs: number;
  /** When the ride was last written whole: a position since then lives in memory until it is due. */
  private writtenAt = 0;

  /** `positionEveryMs`: how often, on the wall clock, a position alone is written. */
  constructor(storage: DurableObjectStorage, events: Queue<EventEnvelope>, rideId: string, positionEveryMs: number) {
    this.storage = storage;
    this.outbox = new Outbox(storage, events, rideId);
    this.positionEveryMs = positionEveryMs;
  }

  async load(): Promise<{ record: RideRecord | null; dispatch: DispatchState | null }> {
    const stored = await this.storage.get<RideRecord | DispatchState>(["ride", "dispatch"]);
    return {
      record: (stored.get("ride") as RideRecord | undefined) ?? null,
      dispatch: (stored.get("dispatch") as DispatchState | undefined) ?? null,
    };
  }

  async save(record: RideRecord, dispatch: DispatchState): Promise<void> {
    this.writtenAt = Date.now();
    await this.storage.put({ ride: record, dispatch });
    await this.scheduleAlarm(dispatch);
  }

  /**
   * A position of the driver: the ride alone, no alarm bookkeeping (positions
   * never move an alarm), and only when the last write is `positionEveryMs`
   * old. Every write is a commit to disk; a driver sends a position every few
   * seconds. What a restart can lose is the last few positions, never a step:
   * the driver's next position then counts the track on from the last one
   * written (domain/ride.ts `advanceTrack`), and the riders see where the
   * driver was a moment earlier until it arrives.
   */
  async savePosition(record: RideRecord): Promise<void> {
    const now = Date.now();
    if (now - this.writtenAt < this.positionEveryMs) return;
    this.writtenAt = now;
    await this.storage.put("ride", record);
  }

  /** The next seq's event for this change, written with the state in one put. Drain afterwards. */
  async commit(
    record: RideRecord,
    dispatch: DispatchState,
    type: RideEventType | StopEventType | "ride.requested",
  ): Promise<void> {
    record.seq += 1;
    const event: EventEnvelope = {
      id: crypto.randomUUID(),
      type,
      subject_id: record.id,
      seq: record.seq,
      occurred_at: new Date().toISOString(),
      payload: { ride: rideSnapshot(record) },
    };
    this.writtenAt = Date.now();
    await this.storage.put({ ride: record, dispatch, ...this.outbox.entry(event) });
    await this.scheduleAlarm(dispatch);
  }

  /** Sends the outbox's waiting events; a failure is retried on the alarm. */
  async drain(dispatch: DispatchState | null): Promise<void> {
    await this.outbox.drain();
    await this.scheduleAlarm(dispatch);
  }

  async scheduleAlarm(dispatch: DispatchState | null): Promise<void> {
    const times = dispatch ? wakeTimes(dispatch) : [];
    const outboxRetryAt = await this.outbox.retryAt();
    if (outboxRetryAt) times.push(outboxRetryAt);
    if (times.length === 0) return;
    const at = Math.min(...times);
    const current = await this.storage.getAlarm();
    if (current === null || current > at || current < Date.now()) await this.storage.setAlarm(at);
  }
}
