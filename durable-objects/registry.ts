/**
 * The CellActor's drivers: their records in memory, in the k-nearest index
 * and in the actor's storage. A status, offer or ride change is written at
 * once (`put`); a position only marks the record dirty, and `flush` writes
 * the dirty ones on the cell's tick, at most once per `flushEveryMs` of the
 * wall clock (each write is a commit to disk), so a location frame costs no
 * storage write. A disconnected driver stays in the registry (and keeps a ride) but
 * leaves the index: no one is offered, or shown, a car whose app is gone.
 */
import { DriverIndex } from "../src/domain/driver-index.ts";
import type { DriverRecord } from "../src/domain/driver-status.ts";
import type { SocketSession } from "./driver-sockets.ts";

const PREFIX = "driver:";
/** Storage takes at most 128 entries per put. */
const PUT_LIMIT = 128;

export class DriverRegistry {
  readonly index = new DriverIndex();
  private readonly records = new Map<string, DriverRecord>();
  private readonly dirty = new Set<string>();
  private flushedAt = 0;
  private readonly storage: DurableObjectStorage;
  private readonly flushEveryMs: number;

  /** `flushEveryMs`: how often, at most, on the wall clock, `flush` writes positions. */
  constructor(storage: DurableObjectStorage, flushEveryMs: number) {
    this.storage = storage;
    this.flushEveryMs = flushEveryMs;
  }

  /**
   * Rebuilds from storage, then from what the sockets remember: a fresher
   * position, and whether the driver is connected at all.
   */
  async load(sockets: Iterable<SocketSession>): Promise<void> {
    const stored = await this.storage.list<DriverRecord>({ prefix: PREFIX });
    const live = new Map<string, { lat: number; lng: number; lastSeen: number }>();
    for (const s of sockets) live.set(s.driverId, s);
    for (const record of stored.values()) {
      const s = live.get(record.driverId);
      const fresher = s && s.lastSeen > record.lastSeen ? { lat: s.lat, lng: s.lng, lastSeen: s.lastSeen } : {};
      // An app on HTTP holds no socket: it is there until the tick finds it silent.
      this.track({ ...record, ...fresher, connected: s !== undefined || record.channel === "http" });
    }
  }

  get size(): number {
    return this.records.size;
  }

  get(driverId: string): DriverRecord | undefined {
    return this.records.get(driverId);
  }

  all(): DriverRecord[] {
    return [...this.records.values()];
  }

  /** A status, offer or ride change: memory and storage together. */
  async put(record: DriverRecord): Promise<void> {
    this.track(record);
    this.dirty.delete(record.driverId);
    await this.storage.put(`${PREFIX}${record.driverId}`, record);
  }

  /** A new position: memory now, storage on the next flush. */
  move(record: DriverRecord): void {
    this.track(record);
    this.dirty.add(record.driverId);
  }

  /** Marks the driver as heard from (the alarm takes silent drivers offline). */
  touch(driverId: string, now: number): void {
    const record = this.records.get(driverId);
    if (record) record.lastSeen = now;
  }

  /** Forgets the driver, returning the record it held (to hand to another cell). */
  async giveUp(driverId: string): Promise<DriverRecord | null> {
    const record = this.records.get(driverId) ?? null;
    await this.forget(driverId);
    return record;
  }

  async forget(driverId: string): Promise<void> {
    this.records.delete(driverId);
    this.index.remove(driverId);
    this.dirty.delete(driverId);
    await this.storage.delete(`${PREFIX}${driverId}`);
  }

  /** Writes the positions that changed since the last flush, if that was `flushEveryMs` ago or more. */
  async flush(now: number): Promise<void> {
    if (now - this.flushedAt < this.flushEveryMs) return;
    this.flushedAt = now;
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (let i = 0; i < dirty.length; i += PUT_LIMIT) {
      const batch: Record<string, DriverRecord> = {};
      for (const id of dirty.slice(i, i + PUT_LIMIT)) {
        const record = this.records.get(id);
        if (record) batch[`${PREFIX}${id}`] = record;
      }
      if (Object.keys(batch).length > 0) await this.storage.put(batch);
    }
  }

  private track(record: DriverRecord): void {
    this.records.set(record.driverId, record);
    if (record.connected === false) this.index.remove(record.driverId);
    else this.index.upsert(record);
  }
}
