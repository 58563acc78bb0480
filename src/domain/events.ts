/**
 * The event envelope: an immutable fact emitted by an actor, carried by the
 * queue to Postgres. The id is unique per event, so consumers are idempotent.
 */
import { z } from "zod";

export const eventEnvelope = z.object({
  id: z.uuid(),
  /** Dotted lower-case name: `ride.assigned`, `driver.online`. */
  type: z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "must look like ride.assigned"),
  /** The id of what the event is about (a ride id, a driver's user id). */
  subject_id: z.string().min(1).max(200),
  /** Per-subject sequence number, when the emitter keeps one. */
  seq: z.number().int().nonnegative().optional(),
  occurred_at: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof eventEnvelope>;
