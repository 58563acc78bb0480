/**
 * A replacement for @electric-sql/pglite-socket's query queue that leases the
 * single PGlite session to one client connection at a time, from its first
 * message until the session is idle again (ReadyForQuery with status 'I').
 *
 * The stock queue only keeps whole transactions together. It lets another
 * connection's messages slip in between the Parse/Bind/Execute/Sync of an
 * extended-protocol query outside a transaction, and into a transaction that
 * has failed (status 'E'); both corrupt the other connection's protocol
 * stream ("unexpected commandComplete"). The Neon driver and node-postgres
 * send parameterized queries that way from many connections at once.
 *
 * It also restores the protocol's error rule: when a message of an
 * extended-protocol exchange fails, PGlite answers ErrorResponse followed at
 * once by ReadyForQuery, where Postgres waits for the client's Sync. That
 * early ReadyForQuery is withheld here and the job reports `errored`, so the
 * server can skip the client's messages up to its Sync, as Postgres does.
 */
import type { PGlite } from "@electric-sql/pglite";

/** What running one client message did. */
export interface JobResult {
  /** An extended-protocol message failed: skip the client's messages up to Sync. */
  errored: boolean;
}

interface Job {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (result: JobResult) => void;
  reject: (error: unknown) => void;
}

const READY_FOR_QUERY = "Z".charCodeAt(0);
const IDLE = "I".charCodeAt(0);
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);

/** Sync, simple Query and the untyped startup message end with ReadyForQuery; the rest do not. */
function isExtendedStep(message: Uint8Array): boolean {
  const type = message[0];
  return type !== SYNC && type !== QUERY && type !== 0;
}

/**
 * The transaction status if `tail` (the last 6 bytes a message produced)
 * is a ReadyForQuery message ('Z', length 5, status), otherwise null: the
 * client is mid-way through a sequence (Parse/Bind/… before Sync, or the
 * authentication exchange) and keeps the session.
 */
function readyStatus(tail: number[]): number | null {
  if (tail.length < 6) return null;
  const [z, l1, l2, l3, l4, status] = tail.slice(-6);
  return z === READY_FOR_QUERY && l1 === 0 && l2 === 0 && l3 === 0 && l4 === 5 ? (status ?? null) : null;
}

export class SessionLeaseQueue {
  private readonly queue: Job[] = [];
  private processing = false;
  /** The connection that holds the session, or null when it is idle. */
  private owner: number | null = null;
  private readonly db: PGlite;

  constructor(db: PGlite) {
    this.db = db;
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next(): Job | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((job) => job.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let job = this.next(); job; job = this.next()) {
        this.owner = job.handlerId;
        const current = job;
        const extended = isExtendedStep(current.message);
        // An extended step's answer is held back to check for an early
        // ReadyForQuery; other answers stream through, keeping their tail.
        const chunks: Uint8Array[] = [];
        let tail: number[] = [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                if (extended) {
                  chunks.push(data.slice());
                } else if (data.length > 0) {
                  current.onData(data);
                  tail = [...tail, ...data.subarray(Math.max(0, data.length - 6))].slice(-6);
                }
              },
            }),
          );
        } catch (error) {
          this.owner = this.db.isInTransaction() ? this.owner : null;
          current.reject(error);
          continue;
        }
        let errored = false;
        if (extended) {
          let out = Buffer.concat(chunks);
          if (readyStatus([...out.subarray(Math.max(0, out.length - 6))]) !== null) {
            out = out.subarray(0, out.length - 6);
            errored = true;
          }
          if (out.length > 0) current.onData(out);
        } else if (readyStatus(tail) === IDLE) {
          // Release the session only when it is idle, not inside ('T') or in
          // a failed ('E') transaction block, nor mid-sequence.
          this.owner = null;
        }
        current.resolve({ errored });
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i] as Job;
      if (job.handlerId === handlerId) {
        this.queue.splice(i, 1);
        job.reject(new Error("Handler disconnected"));
      }
    }
  }

  /** A connection went away: if it held the session, roll back what it left open and free it. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.process();
  }
}
