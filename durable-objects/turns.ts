/**
 * One turn at a time per key: a driver's frames and the calls about that
 * driver run in the order they arrived, each after the previous one has
 * finished. A handler that awaits a ride actor must not let the driver's next
 * frame (a second accept, `ride.started` right after `ride.arrived`), or a
 * ride actor's `withdraw` during a handoff, overtake it.
 *
 * Rule that keeps this free of deadlocks: nothing awaited inside a turn may
 * wait for another turn of the same key (the RideActor answers a cell's call
 * without awaiting a call back into that cell).
 */
export class Turns {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const tail = turn.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }
}
