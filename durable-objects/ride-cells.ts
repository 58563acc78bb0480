/**
 * What a RideActor tells cells without waiting for the answer: the pickup
 * cell's count of open requests, an offer taken back, the assigned driver's
 * ride moving on or ending. The mirror of ride-calls.ts (what a cell asks of
 * a ride actor). Which cell to tell is the dispatch state's to say
 * (dispatcher.ts): the driver's cell follows handoffs, and a cell the driver
 * left forwards.
 *
 * A call is never awaited and never fails the caller: the ride has already
 * moved on, and a failure is logged.
 */
import { errorFields, log } from "../src/log.ts";
import type { DriverRideMessage, WithdrawReason } from "../src/protocol/actors.ts";

type CellStub = ReturnType<Env["CELL"]["getByName"]>;

export class RideCells {
  private readonly env: Env;
  private readonly rideId: string;
  private readonly waitUntil: (work: Promise<unknown>) => void;

  constructor(env: Env, rideId: string, waitUntil: (work: Promise<unknown>) => void) {
    this.env = env;
    this.rideId = rideId;
    this.waitUntil = waitUntil;
  }

  /** Counts the ride as an open request in its pickup cell (surge, the rider's map), or stops counting it. */
  demand(pickupCell: string, open: boolean): void {
    this.tell(pickupCell, (cell) => cell.demand(this.rideId, open));
  }

  /** Takes an offer back from the driver it was made to. */
  withdraw(offer: { driverId: string; cell: string }, reason: WithdrawReason): void {
    this.tell(offer.cell, (cell) => cell.withdraw(offer.driverId, this.rideId, reason));
  }

  /** The assigned driver's ride moved on: their record and app follow (`seq` keeps an older update from winning). */
  rideUpdate(driverCell: string | null, driverId: string, ride: DriverRideMessage, seq: number): void {
    if (driverCell) this.tell(driverCell, (cell) => cell.rideUpdate(driverId, ride, seq));
  }

  /** The ride ended on the ride's side: the driver is free again. */
  rideEnded(driverCell: string | null, driverId: string): void {
    if (driverCell) this.tell(driverCell, (cell) => cell.rideEnded(driverId, this.rideId));
  }

  private tell(name: string, call: (cell: CellStub) => Promise<unknown>): void {
    this.waitUntil(
      call(this.env.CELL.getByName(name)).catch((error: unknown) =>
        log("warn", "RideActor.tellCell", { ride: this.rideId, ...errorFields(error) }),
      ),
    );
  }
}
