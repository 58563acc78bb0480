/**
 * A cell's handoff pointers. For drivers it handed to the next cell: where
 * they went, so frames still arriving on their old socket, and ride actors'
 * calls that still name this cell, are passed on. For drivers handed to it
 * whose app has not reconnected here yet: the cell they came from, where
 * their socket is still open.
 */
export class Handoffs {
  private readonly movedTo = new Map<string, { cell: string; at: number }>();
  private readonly arrivedFrom = new Map<string, string>();

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

  /** The cell whose socket the driver may still be on. */
  cameFrom(driverId: string): string | undefined {
    return this.arrivedFrom.get(driverId);
  }

  /** Drops pointers older than the reconnect grace, and those of drivers this cell no longer holds. */
  expire(now: number, graceMs: number, holds: (driverId: string) => boolean): void {
    for (const [driverId, moved] of this.movedTo) if (now - moved.at > graceMs) this.movedTo.delete(driverId);
    for (const driverId of this.arrivedFrom.keys()) if (!holds(driverId)) this.arrivedFrom.delete(driverId);
  }
}
