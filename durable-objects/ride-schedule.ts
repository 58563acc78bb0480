/**
 * A ride booked for later, for the RideActor (rules in domain/schedule.ts).
 * Opened `scheduled`: no search, no demand in the pickup cell; the
 * dispatch state's next wake is the dispatch time (10 minutes before
 * `scheduledAt`), so the actor's one alarm (ride-store.ts) is set for it
 * and, like the ride, survives a restart. On that alarm a card is held
 * (not at request: holds expire) and the search starts, its window from
 * then; a refused card cancels the ride instead, and the riders are told.
 */
import { holdAtDispatch, releaseDispatchHold } from "../src/dispatch/scheduled-payment.ts";
import { type RideView, rideView, withPayment } from "../src/domain/ride.ts";
import { transition } from "../src/domain/ride-lifecycle.ts";
import { dispatchDue, dispatchStartsAt, START_RETRY_MS } from "../src/domain/schedule.ts";
import { errorFields, log } from "../src/log.ts";
import type { CancelScope } from "./ride-cancel.ts";

/** What starting a booked ride works on: the cancel's scope, the Worker's bindings and a plain save. */
export interface ScheduleScope extends CancelScope {
  env: Env;
  /** Writes the ride and the dispatch state, and sets the alarm. */
  save(): Promise<void>;
}

/** Rides whose dispatch is being started in this isolate: one start at a time. */
const starting = new Set<string>();

/** A booked ride just opened (its dispatch state too): it waits for its alarm. */
export async function book(scope: CancelScope): Promise<RideView> {
  const { ride: r, dispatcher } = scope;
  if (r.scheduledAt) dispatcher.wakeAt(dispatchStartsAt(r.scheduledAt));
  await scope.commit("ride.scheduled");
  return rideView(r);
}

/**
 * On the alarm: a booked ride whose dispatch time has come holds its card
 * and starts the search. The card is asked without holding the actor, so a
 * cancel may arrive meanwhile: it wins, and a hold taken is let go.
 */
export async function startIfDue(scope: ScheduleScope, now: number): Promise<void> {
  const { ride: r, dispatcher } = scope;
  if (!dispatchDue(r, now) || starting.has(r.id)) return;
  starting.add(r.id);
  try {
    const hold = await holdAtDispatch(scope.env, r);
    if (r.state.status !== "scheduled") {
      if (hold.ok && hold.payment) await releaseDispatchHold(scope.env, r.id);
      return;
    }
    if (!hold.ok && !hold.declined) {
      log("warn", "RideActor.scheduledHold", { ride: r.id, ...errorFields(hold.error) });
      // Tried again until the ride's own time; past it, the ride cannot be kept.
      if (r.scheduledAt && Date.now() < Date.parse(r.scheduledAt)) {
        dispatcher.wakeAt(Date.now() + START_RETRY_MS);
        return scope.save();
      }
    }
    if (!hold.ok) return cancelUnpaid(scope, hold.declined ? hold.code : "payment_unavailable");
    if (hold.payment) withPayment(r, hold.payment);
    const searching = transition(r.state, { type: "start_search" }, new Date());
    if (!searching.ok) return;
    r.state = searching.state;
    dispatcher.startNow(Date.now());
    await scope.commit(searching.event);
    dispatcher.demand(true);
    scope.tellRiders({ type: "ride.status", ...rideView(r) });
  } finally {
    starting.delete(r.id);
  }
}

/** The card could not be held: the ride ends, cancelled by the platform, and its riders are told why. */
async function cancelUnpaid(scope: ScheduleScope, reason: string): Promise<void> {
  const { ride: r, dispatcher } = scope;
  const result = transition(r.state, { type: "system_cancel", reason }, new Date());
  if (!result.ok) return;
  r.state = result.state;
  dispatcher.stop();
  await scope.commit(result.event);
  scope.tellRiders(
    { type: "ride.cancelled", by: "system", reason: r.state.cancellationReason },
    { type: "ride.status", ...rideView(r) },
  );
}
