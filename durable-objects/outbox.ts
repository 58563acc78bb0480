/**
 * A RideActor's outbox: every state change's event is written in the same
 * storage put as the state (`entry`), then drained to the EVENTS queue until
 * the queue takes it. A failed send is retried on the actor's alarm
 * (`retryAt`), so events wait out a queue outage and none is lost.
 */
import type { EventEnvelope } from "../src/domain/events.ts";
import { errorFields, log } from "../src/log.ts";

const PREFIX = "outbox:";
const RETRY_KEY = "outboxRetryAt";
/** How long a failed send waits before the next try (the platform's plumbing: wall clock). */
const RETRY_MS = 5_000;
/** Events sent per queue batch. */
const BATCH = 100;

export class Outbox {
  private readonly storage: DurableObjectStorage;
  private readonly queue: Queue<EventEnvelope>;
  private readonly name: string;
  private draining: Promise<void> | undefined;

  constructor(storage: DurableObjectStorage, queue: Queue<EventEnvelope>, name: string) {
    this.storage = storage;
    this.queue = queue;
    this.name = name;
  }

  /** The storage entry that puts `event` in the outbox, for the caller's own put. */
  entry(event: EventEnvelope): Record<string, EventEnvelope> {
    return { [`${PREFIX}${String(event.seq).padStart(10, "0")}`]: event };
  }

  /**
   * Sends what is waiting, oldest first, until nothing is; on failure, records when to try
   * again. One drain at a time: a drain asked for during another joins it (it lists again
   * after each batch), so no event is sent twice by two drains listing the same entries.
   */
  drain(): Promise<void> {
    this.draining ??= this.sendAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const pending = await this.storage.list<EventEnvelope>({ prefix: PREFIX, limit: BATCH });
      if (pending.size === 0) return;
      try {
        await this.queue.sendBatch([...pending.values()].map((body) => ({ body })));
        await this.storage.delete([...pending.keys()]);
        await this.storage.delete(RETRY_KEY);
      } catch (error) {
        log("warn", "RideActor.outbox", { ride: this.name, pending: pending.size, ...errorFields(error) });
        await this.storage.put(RETRY_KEY, Date.now() + RETRY_MS);
        return;
      }
    }
  }

  /** When the alarm must wake to send again, if a send failed. */
  async retryAt(): Promise<number | undefined> {
    return this.storage.get<number>(RETRY_KEY);
  }
}
