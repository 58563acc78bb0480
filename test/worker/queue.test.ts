/**
 * The events queue consumer: duplicate and reordered deliveries leave one
 * row per event; malformed events are dropped, not retried forever; when
 * Postgres is unreachable the batch is retried, not lost; an event Postgres
 * refuses is dead-lettered with its reason and never holds back its batch;
 * dead letters are kept.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deadLetters, eventLog } from "../../src/db/schema/index.ts";
import type { EventEnvelope } from "../../src/domain/events.ts";
import { consumeEvents } from "../../src/events/consumer.ts";
import worker from "../../src/index.ts";
import { withDb } from "./helpers.ts";

function event(subject: string, seq: number): EventEnvelope {
  return {
    id: crypto.randomUUID(),
    type: "ride.status_changed",
    subject_id: subject,
    seq,
    occurred_at: new Date().toISOString(),
    payload: { seq },
  };
}

function batchOf(queue: string, bodies: unknown[]) {
  return createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `msg-${crypto.randomUUID()}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
}

async function deliver(queue: string, bodies: unknown[]) {
  const batch = batchOf(queue, bodies);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

describe("the events consumer", () => {
  it("writes each event once, however often and in whatever order it arrives", async () => {
    const subject = crypto.randomUUID();
    const [e1, e2, e3] = [event(subject, 1), event(subject, 2), event(subject, 3)];
    await deliver("curbside-events", [e2, e1]);
    await deliver("curbside-events", [e1, e3, e2, e3]);
    const rows = await withDb(({ db }) => db.select().from(eventLog).where(eq(eventLog.subjectId, subject)));
    expect(rows.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set([e1?.id, e2?.id, e3?.id]));
  });

  it("acknowledges a malformed event without storing it", async () => {
    const subject = crypto.randomUUID();
    const good = event(subject, 1);
    const result = await deliver("curbside-events", [{ type: "ride", nonsense: true }, good]);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(2);
    const rows = await withDb(({ db }) => db.select().from(eventLog).where(eq(eventLog.subjectId, subject)));
    expect(rows.map((r) => r.id)).toEqual([good.id]);
  });

  it("dead-letters an event the projection cannot write, with its reason, and writes the rest", async () => {
    const subject = crypto.randomUUID();
    const good = event(subject, 1);
    // A ride event the projection cannot write (its snapshot is not a whole ride).
    const orphan: EventEnvelope = {
      ...event(crypto.randomUUID(), 1),
      type: "ride.requested",
      payload: {
        ride: { id: crypto.randomUUID(), rider_id: crypto.randomUUID(), seq: 1, status: "requested", timestamps: {} },
      },
    };
    const batch = batchOf("curbside-events", [good, orphan]);
    const ctx = createExecutionContext();
    await consumeEvents(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.sort()).toEqual(batch.messages.map((m) => m.id).sort());
    const rows = await withDb(({ db }) => db.select().from(eventLog).where(eq(eventLog.subjectId, subject)));
    expect(rows.map((r) => r.id)).toEqual([good.id]);
    const [dead] = await deadLettersOf([batch.messages[1]?.id ?? ""]);
    expect(dead).toMatchObject({ queue: "curbside-events", body: orphan, attempts: 1 });
    expect(dead?.reason).toMatch(/^TypeError: /);
  });

  it("dead-letters an event Postgres refuses (a lone surrogate) while the others of its batch are written", async () => {
    const subject = crypto.randomUUID();
    const [before, after] = [event(subject, 1), event(subject, 3)];
    // What a ride requested with "\ud800" in its pickup address once emitted: jsonb cannot hold it.
    const poison: EventEnvelope = { ...event(subject, 2), payload: { seq: 2, pickup_address: "12 CG Road \ud800" } };
    const nul: EventEnvelope = { ...event(`${subject}\u0000`, 1) };
    const batch = batchOf("curbside-events", [before, poison, nul, after]);
    const ctx = createExecutionContext();
    await consumeEvents(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.sort()).toEqual(batch.messages.map((m) => m.id).sort());
    const rows = await withDb(({ db }) => db.select().from(eventLog).where(eq(eventLog.subjectId, subject)));
    expect(rows.map((r) => r.id).sort()).toEqual([before.id, after.id].sort());
    const dead = await deadLettersOf([batch.messages[1]?.id ?? "", batch.messages[2]?.id ?? ""]);
    expect(dead).toHaveLength(2);
    for (const row of dead) {
      expect(row.queue).toBe("curbside-events");
      expect(row.reason).toMatch(/^postgres 22[0-9A-Z]{3}: /);
    }
    // Kept as received, save the characters jsonb cannot hold.
    const kept = dead.find((r) => r.id === batch.messages[1]?.id);
    expect(kept?.body).toEqual({ ...poison, payload: { seq: 2, pickup_address: "12 CG Road \ufffd" } });
  });

  it("retries the batch when Postgres cannot be reached", async () => {
    const batch = batchOf("curbside-events", [event(crypto.randomUUID(), 1)]);
    const ctx = createExecutionContext();
    // A closed port on loopback: the bridge answers, the database does not.
    await consumeEvents(batch, { ...env, DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });
});

function deadLettersOf(ids: string[]) {
  return withDb(({ db }) => db.select().from(deadLetters).where(inArray(deadLetters.id, ids)));
}

describe("the dead-letter consumer", () => {
  it("keeps every dead message for inspection", async () => {
    const bodies = [event(crypto.randomUUID(), 1), "not even an object"];
    const batch = batchOf("curbside-events-dlq", bodies);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(true);
    const ids = batch.messages.map((m) => m.id);
    const rows = await withDb(({ db }) => db.select().from(deadLetters).where(inArray(deadLetters.id, ids)));
    expect(rows.map((r) => r.body)).toEqual(expect.arrayContaining(bodies));
    expect(rows.every((r) => r.queue === "curbside-events-dlq")).toBe(true);
    expect(rows.map((r) => r.reason)).toEqual([
      "retries exhausted after 1 attempts",
      "retries exhausted after 1 attempts",
    ]);
  });

  it("keeps a dead message whose body jsonb cannot hold, instead of retrying it for ever", async () => {
    const batch = batchOf("curbside-events-dlq", [
      { ...event(crypto.randomUUID(), 1), payload: { note: "\ud800\u0000" } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(true);
    const [row] = await deadLettersOf([batch.messages[0]?.id ?? ""]);
    expect(row?.body).toMatchObject({ payload: { note: "\ufffd\ufffd" } });
  });
});
