/**
 * The queue consumers. `consumeEvents` records a batch of actor events in
 * Postgres — the event log, and for ride events the rides row and
 * ride_events — idempotently (a duplicate or reordered delivery changes
 * nothing); `consumeDeadLetters` keeps what exhausted its retries.
 * Both are exported apart from the Worker's `queue` handler so tests can
 * call them with a built batch.
 */
import { z } from "zod";
import { createDb } from "../db/client.ts";
import { applyRideEvents } from "../db/queries/rides.ts";
import { deadLetters, eventLog } from "../db/schema/index.ts";
import { type EventEnvelope, eventEnvelope } from "../domain/events.ts";
import type { RideSnapshot } from "../domain/ride.ts";
import type { Env } from "../env.ts";
import { errorFields, log } from "../log.ts";

/** Seconds before a batch that failed to reach Postgres is retried. */
const RETRY_DELAY_S = 5;

/** The part of a ride event's snapshot the projection relies on. */
const RideEventPayload = z.object({
  ride: z.looseObject({ id: z.uuid(), rider_id: z.uuid(), seq: z.number().int().positive(), status: z.string() }),
});

/** Ride events as the projection takes them; others are only logged. */
function rideEventsOf(events: EventEnvelope[]) {
  return events.flatMap((e) => {
    if (!e.type.startsWith("ride.")) return [];
    const parsed = RideEventPayload.safeParse(e.payload);
    if (!parsed.success) return [];
    const snapshot = parsed.data.ride as unknown as RideSnapshot;
    return [{ id: e.id, type: e.type, seq: snapshot.seq, occurredAt: new Date(e.occurred_at), snapshot }];
  });
}

export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const valid: { message: Message<unknown>; event: EventEnvelope }[] = [];
  for (const message of batch.messages) {
    const parsed = eventEnvelope.safeParse(message.body);
    if (parsed.success) {
      valid.push({ message, event: parsed.data });
    } else {
      // A malformed event will never become valid: record the fact and drop it.
      log("error", "events.invalid", {
        message_id: message.id,
        issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      });
      message.ack();
    }
  }
  if (valid.length === 0) return;
  const { db, close } = createDb(env);
  try {
    try {
      await record(
        db,
        valid.map((v) => v.event),
      );
      for (const { message } of valid) message.ack();
    } catch (error) {
      // One event that cannot be written must not hold back the others: one by one.
      log("warn", "events.batch_failed", { queue: batch.queue, size: valid.length, ...errorFields(error) });
      for (const { message, event } of valid) {
        try {
          await record(db, [event]);
          message.ack();
        } catch (single) {
          log("warn", "events.retry", {
            queue: batch.queue,
            event_id: event.id,
            type: event.type,
            ...errorFields(single),
          });
          message.retry({ delaySeconds: RETRY_DELAY_S });
        }
      }
    }
  } finally {
    await close().catch(() => {});
  }
}

/** Writes events to the log and, for ride events, the rides projection; idempotent. */
async function record(db: ReturnType<typeof createDb>["db"], events: EventEnvelope[]): Promise<void> {
  await db
    .insert(eventLog)
    .values(
      events.map((event) => ({
        id: event.id,
        type: event.type,
        subjectId: event.subject_id,
        seq: event.seq ?? null,
        payload: event.payload,
        occurredAt: new Date(event.occurred_at),
      })),
    )
    .onConflictDoNothing({ target: eventLog.id });
  await applyRideEvents(db, rideEventsOf(events));
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { db, close } = createDb(env);
  try {
    await db
      .insert(deadLetters)
      .values(
        batch.messages.map((m) => ({
          id: m.id,
          queue: batch.queue,
          body: m.body ?? null,
          attempts: m.attempts,
        })),
      )
      .onConflictDoNothing({ target: deadLetters.id });
    log("error", "events.dead_letter", { queue: batch.queue, ids: batch.messages.map((m) => m.id) });
    batch.ackAll();
  } catch (error) {
    log("error", "events.dead_letter_failed", { queue: batch.queue, ...errorFields(error) });
    batch.retryAll({ delaySeconds: RETRY_DELAY_S });
  } finally {
    await close().catch(() => {});
  }
}

/** Whether a queue name is a dead-letter queue (by the `-dlq` suffix of wrangler.toml). */
export function isDeadLetterQueue(queue: string): boolean {
  return queue.endsWith("-dlq");
}
