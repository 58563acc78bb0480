/**
 * A cell's handoff pointers, and where a call about a driver runs. For
 * drivers it handed to the next cell: where they went, so frames still
 * arriving on their old socket, and ride actors' calls that still name this
 * cell, are passed on. For drivers handed to it whose app has not
 * reconnected here yet: the cell they came from, where their socket is still
 * open.
 */
import { Turns } from "./turns.ts";

type CellStub = ReturnType<Env["CELL"]["getByName"]>;

export class Handoffs {
  /** One turn at a time per driver, for everything about a driver this cell holds. */
  readonly turns = new Turns();
  /** Calls passed on to the cell a driver moved to, one after another per driver. */
  private readonly forwarding = new Turns();
  private readonly movedTo = new Map<string, { cell: string; at: number }>();
  private readonly arrivedFrom = new Map<string, string>();
  private readonly holds: (driverId: string) => boolean;
  private readonly cells: Env["CELL"];

  /** `holds` says whether this cell has the driver's record now; `cells` reaches the others. */
  constructor(holds: (driverId: string) => boolean, cells: Env["CELL"]) {
    this.holds = holds;
    this.cells = cells;
  }

  /** The driver left for `cell`. */
  left(driverId: string, cell: string, now: number): void {
    this.movedTo.set(driverId, { cell, at: now });
  }

  /** The driver's record arrived here, from `from` if it was a handoff. */
  arrived(driverId: string, from?: string): void {
    this.movedTo.delete(driverId);
    if (from) this.arrivedFrom.set(driverId, from);
  }

  /** The driver's app connected to this cell, or to another one: no pointer is needed any more. */
  settled(driverId: string): void {
    this.movedTo.delete(driverId);
    this.arrivedFrom.delete(driverId);
  }

  /** The cell the driver moved on to, if they did. */
  next(driverId: string): string | undefined {
    return this.movedTo.get(driverId)?.cell;
  }

  /** The cell whose socket the driver may still be on, if they arrived by a handoff. */
  cameFrom(driverId: string): CellStub | undefined {
    const from = this.arrivedFrom.get(driverId);
    return from ? this.cells.getByName(from) : undefined;
  }

  /** Drops pointers older than the reconnect grace, and those of drivers this cell no longer holds. */
  expire(now: number, graceMs: number): void {
    for (const [driverId, moved] of this.movedTo) if (now - moved.at > graceMs) this.movedTo.delete(driverId);
    for (const driverId of this.arrivedFrom.keys()) if (!this.holds(driverId)) this.arrivedFrom.delete(driverId);
  }

  /**
   * Runs `work` in the driver's turn if this cell has them; otherwise passes
   * the call on to the cell they moved to — after the turn, in arrival
   * order. A turn never waits on another cell's turn: two cells handing a
   * driver back and forth would wait on each other for ever.
   */
  async whereHeld<T>(
    driverId: string,
    work: () => Promise<T>,
    passOn: (next: CellStub) => Promise<T>,
    otherwise: T,
  ): Promise<T> {
    const done = await this.turns.run(driverId, async () => (this.holds(driverId) ? { value: await work() } : null));
    if (done) return done.value;
    const next = this.next(driverId);
    return next ? this.forwarding.run(driverId, () => passOn(this.cells.getByName(next))) : otherwise;
  }
}
