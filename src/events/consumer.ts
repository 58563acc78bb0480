/**
 * The queue consumers. `consumeEvents` records a batch of actor events in
 * Postgres — the event log, and for ride events the rides row and
 * ride_events — idempotently (a duplicate or reordered delivery changes
 * nothing); an event Postgres refuses goes straight to `dead_letters` with
 * its reason, so it never holds back the others. `consumeDeadLetters` keeps
 * what exhausted its retries.
 * Both are exported apart from the Worker's `queue` handler so tests can
 * call them with a built batch.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { createDb } from "../db/client.ts";
import { rideEventStatements } from "../db/queries/rides.ts";
import { deadLetters, eventLog } from "../db/schema/index.ts";
import { type EventEnvelope, eventEnvelope } from "../domain/events.ts";
import type { RideSnapshot } from "../domain/ride.ts";
import { storableJson } from "../domain/text.ts";
import { rideEnded } from "../growth/ride-ended.ts";
import { databaseFault, errorFields, log } from "../log.ts";
import { paymentContext } from "../payments/context.ts";
import { settleRide } from "../payments/ride-payment.ts";
import { notifyOfEvents } from "./notifications.ts";

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
      const events = valid.map((v) => v.event);
      await record(db, events);
      // One insert for the batch's notifications; if it fails, each event tries again on its own.
      const notified = await notifyOfEvents(env, db, events).then(
        () => true,
        (error: unknown) => {
          log("warn", "notify.batch_failed", { queue: batch.queue, size: events.length, ...errorFields(error) });
          return false;
        },
      );
      for (const { message, event } of valid) await settleThenAck(env, db, message, event, notified);
    } catch (error) {
      // One event that cannot be written must not hold back the others: one by one.
      log("warn", "events.batch_failed", { queue: batch.queue, size: valid.length, ...errorFields(error) });
      await recordOneByOne(env, db, batch.queue, valid);
    }
  } finally {
    await close().catch(() => {});
  }
}

/**
 * Writes each event on its own. An event Postgres refuses (its data, not the
 * connection) goes to `dead_letters` with the reason and is acknowledged, so
 * it never holds back the others; when Postgres cannot be reached (or is
 * busy), that event and every one after it is retried, never lost.
 */
async function recordOneByOne(
  env: Env,
  db: ReturnType<typeof createDb>["db"],
  queue: string,
  items: { message: Message<unknown>; event: EventEnvelope }[],
): Promise<void> {
  for (const [i, { message, event }] of items.entries()) {
    try {
      await record(db, [event]);
      await settleThenAck(env, db, message, event);
    } catch (error) {
      if (!(await refusedByDatabase(db, error))) {
        log("warn", "events.retry", {
          queue,
          event_id: event.id,
          type: event.type,
          waiting: items.length - i,
          ...errorFields(error),
        });
        for (const rest of items.slice(i)) rest.message.retry({ delaySeconds: RETRY_DELAY_S });
        return;
      }
      try {
        await storeDeadLetters(db, queue, [{ message, reason: reasonOf(error) }]);
        log("error", "events.dead_lettered", { queue, event_id: event.id, type: event.type, ...errorFields(error) });
        message.ack();
      } catch (stored) {
        log("warn", "events.retry", { queue, event_id: event.id, type: event.type, ...errorFields(stored) });
        message.retry({ delaySeconds: RETRY_DELAY_S });
      }
    }
  }
}

/** SQLSTATE classes that say the event itself is wrong: data exception, integrity constraint violation. */
const EVENT_AT_FAULT = ["22", "23"];

/**
 * Whether a failed write was this event's fault and will fail every time:
 * Postgres refused its data, or our code could not turn it into rows while
 * Postgres answers. Connection trouble, timeouts, deadlocks and schema
 * errors (a migration not yet applied) are not: they are retried.
 */
async function refusedByDatabase(db: ReturnType<typeof createDb>["db"], error: unknown): Promise<boolean> {
  const fault = databaseFault(error);
  if (fault) return EVENT_AT_FAULT.includes(fault.code.slice(0, 2));
  if ((error as { query?: unknown }).query !== undefined) return false; // a failed query with no SQLSTATE: the connection
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Why an event was refused, for `dead_letters.reason` (not for logs: Postgres' message may quote a value). */
function reasonOf(error: unknown): string {
  const fault = databaseFault(error);
  const said = [error, (error as { cause?: unknown }).cause].find(
    (e): e is Error => e instanceof Error && (e as { code?: unknown }).code === fault?.code,
  );
  const text = fault
    ? `postgres ${fault.code}${fault.constraint ? ` (${fault.constraint})` : ""}: ${said?.message ?? "refused"}`
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
  return text.slice(0, 1000);
}

/** Keeps messages in `dead_letters`, bodies made storable (a lone surrogate or NUL that jsonb refuses becomes U+FFFD). */
async function storeDeadLetters(
  db: ReturnType<typeof createDb>["db"],
  queue: string,
  items: { message: Message<unknown>; reason: string }[],
): Promise<void> {
  await db
    .insert(deadLetters)
    .values(
      items.map(({ message, reason }) => ({
        id: message.id,
        queue,
        body: message.body === undefined ? null : storableJson(message.body),
        attempts: message.attempts,
        reason,
      })),
    )
    .onConflictDoNothing({ target: deadLetters.id });
}

/** Ride events after which the ride's money is settled (payments/ride-payment.ts). */
const SETTLED_BY = new Set(["ride.completed", "ride.cancelled", "ride.no_driver"]);

/**
 * Acknowledges a recorded event; a terminal ride event first settles the
 * ride's payment, then its coupon, points and referral (growth/ride-ended.ts),
 * and a ride's or booking's step notifies the people it concerns
 * (events/notifications.ts). All are idempotent, so when the provider or
 * Postgres cannot be reached the event is retried (recording it again
 * changes nothing).
 */
async function settleThenAck(
  env: Env,
  db: ReturnType<typeof createDb>["db"],
  message: Message<unknown>,
  event: EventEnvelope,
  notified = false,
): Promise<void> {
  const [ride] = SETTLED_BY.has(event.type) ? rideEventsOf([event]) : [];
  if (ride) {
    try {
      await settleRide(paymentContext(env, db), ride.snapshot);
      await rideEnded(env, db, ride.snapshot, new Date());
    } catch (error) {
      log("warn", "payments.settle_retry", { ride: ride.snapshot.id, event_id: event.id, ...errorFields(error) });
      message.retry({ delaySeconds: RETRY_DELAY_S });
      return;
    }
  }
  try {
    if (!notified) await notifyOfEvents(env, db, [event]);
  } catch (error) {
    log("warn", "notify.event_retry", { event_id: event.id, type: event.type, ...errorFields(error) });
    message.retry({ delaySeconds: RETRY_DELAY_S });
    return;
  }
  message.ack();
}

/**
 * Writes events to the log and, for ride events, the rides projection, in one batch: one
 * round trip, one transaction, so a ride's row is never ahead of its events. Idempotent.
 */
async function record(db: ReturnType<typeof createDb>["db"], events: EventEnvelope[]): Promise<void> {
  await db.batch([
    db
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
      .onConflictDoNothing({ target: eventLog.id }),
    ...rideEventStatements(db, rideEventsOf(events)),
  ]);
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { db, close } = createDb(env);
  try {
    await storeDeadLetters(
      db,
      batch.queue,
      batch.messages.map((message) => ({
        message,
        reason: `retries exhausted after ${message.attempts} attempts`,
      })),
    );
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
