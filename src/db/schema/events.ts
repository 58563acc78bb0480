/** What the queue consumers write: every event received, and dead letters. */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The log of every actor event the queue consumer received, keyed by the
 * event's id, so a duplicate delivery leaves one row.
 */
export const eventLog = pgTable(
  "event_log",
  {
    id: uuid().primaryKey(),
    type: text().notNull(),
    subjectId: text().notNull(),
    seq: integer(),
    payload: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("event_log_subject_idx").on(t.subjectId, t.occurredAt),
    index("event_log_type_idx").on(t.type, t.occurredAt),
  ],
);

/**
 * Messages kept for inspection and replay: those that exhausted their
 * retries on the events queue, and events Postgres refused outright.
 */
export const deadLetters = pgTable("dead_letters", {
  /** The queue message id. */
  id: text().primaryKey(),
  queue: text().notNull(),
  /** The message body as received (null when it had none). */
  body: jsonb().$type<unknown>(),
  attempts: integer().notNull(),
  /** Why it is here: what refused it when it could not be written, or that its retries ran out. */
  reason: text(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
