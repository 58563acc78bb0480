/**
 * A simulated driver's work on a delivery, over the pilot app's HTTP routes
 * (each step waits for its answer, as the app does): the pickup photo, and
 * at each drop the arrival, a drop photo, then the recipient's code (now
 * and then first mistyped, then right), or the drop failed when nobody is
 * there. The platform's rules decide (src/domain/ride-stops.ts, proofs.ts):
 * the bot only takes the steps a driver may take, in order.
 */
import type { ApiError, Session } from "./client.ts";
import type { SimClock } from "./clock.ts";
import type { DropCodes } from "./deliveries.ts";
import { parcelPhoto } from "./jpeg.ts";
import type { Random } from "./random.ts";

/** What the drivers did on deliveries, for the report. */
export interface DeliveryCounts {
  pickupPhotos: number;
  dropPhotos: number;
  dropsCompleted: number;
  /** Drops failed because nobody took the parcel (`ride.stop.failed` with a reason). */
  dropsFailed: number;
  /** Codes the platform refused as wrong (`wrong_code`) before the right one. */
  wrongCodes: number;
  /** Drops whose code never reached the driver (the sender's request answer was lost): failed. */
  codesMissing: number;
}

export function emptyDeliveryCounts(): DeliveryCounts {
  return { pickupPhotos: 0, dropPhotos: 0, dropsCompleted: 0, dropsFailed: 0, wrongCodes: 0, codesMissing: 0 };
}

/** How the simulated recipients and drivers behave at the door. */
export interface DoorBehaviour {
  /** The share of drops where nobody takes the parcel. */
  failShare: number;
  /** The share of codes the driver first types wrong. */
  wrongCodeShare: number;
}

export interface DropContext extends DoorBehaviour {
  session: Session;
  rideId: string;
  random: Random;
  clock: SimClock;
  codes: DropCodes;
  counts: DeliveryCounts;
  /** Still this driver's ride: a ride that ended meanwhile takes no more steps. */
  current(): boolean;
}

const isRetriable = (error: unknown) => {
  const status = (error as Partial<ApiError>).status;
  return status === 0 || (status !== undefined && status >= 500);
};

/**
 * A call tried up to three times after a timeout or a 5xx (each still
 * counted); on a retry, `alreadyDone` codes mean the first try went through.
 */
async function withRetries<T>(call: (retry: boolean) => Promise<T>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt > 1);
    } catch (error) {
      if (!isRetriable(error) || attempt === 3) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** A proof-of-delivery photo: a small generated JPEG, multipart, as the app sends it. */
export async function takePhoto(c: DropContext, stage: "pickup" | "drop", index: number | null): Promise<void> {
  const bytes = parcelPhoto(c.random);
  await withRetries(() => {
    const form = new FormData();
    form.set("stage", stage);
    if (index !== null) form.set("index", String(index));
    form.set("file", new Blob([bytes], { type: "image/jpeg" }), `${stage}-${index ?? 0}.jpg`);
    return c.session.request("post", "/v1/rides/{id}/photos", {
      params: { path: { id: c.rideId } },
      // openapi-fetch sends a FormData body as multipart, with its boundary.
      body: form as never,
    });
  });
  if (stage === "pickup") c.counts.pickupPhotos++;
  else c.counts.dropPhotos++;
}

/** A driver's step at a stop: arrived; completed with the code; failed with why. */
type StopMove = { action: "arrived" } | { action: "completed"; code: string } | { action: "failed"; reason: string };

/** One step at a stop; a retry that finds the step already taken (`invalid_stop_state`) is done. */
function stopStep(c: DropContext, index: number, move: StopMove): Promise<void> {
  return withRetries((retry) => {
    const init = {
      params: { path: { id: c.rideId, index: String(index) } },
      ...(retry ? { expected: ["invalid_stop_state"] } : {}),
    };
    const sent =
      move.action === "arrived"
        ? c.session.request("post", "/v1/rides/{id}/stops/{index}/arrived", init)
        : move.action === "completed"
          ? c.session.request("post", "/v1/rides/{id}/stops/{index}/completed", { ...init, body: { code: move.code } })
          : c.session.request("post", "/v1/rides/{id}/stops/{index}/failed", {
              ...init,
              body: { reason: move.reason },
            });
    return sent.then(
      () => undefined,
      (error: unknown) => {
        if (retry && (error as Partial<ApiError>).code === "invalid_stop_state") return undefined;
        throw error;
      },
    );
  }).then(() => undefined);
}

/** Some other 4-digit code than `code`: what a driver mistypes. */
function mistyped(code: string, random: Random): string {
  return String((Number(code) + 1 + Math.floor(random() * 9998)) % 10_000).padStart(4, "0");
}

/**
 * The drop at stop `index`: arrive (unless the platform already has the
 * driver there), find the recipient (30–90 simulated seconds), photograph
 * the parcel at the door, then complete it with the code the recipient
 * reads out, or fail it when nobody is there.
 */
export async function deliverDrop(
  c: DropContext,
  index: number,
  arrived = false,
): Promise<"completed" | "failed" | "ended"> {
  if (!arrived) await stopStep(c, index, { action: "arrived" });
  await c.clock.sleep((30 + c.random() * 60) * 1000);
  if (!c.current()) return "ended";
  await takePhoto(c, "drop", index);
  const code = c.codes.readOut(c.rideId, index);
  if (c.random() < c.failShare || code === undefined) {
    if (code === undefined) c.counts.codesMissing++;
    const reason = code === undefined ? "No delivery code from the recipient" : "Recipient not available";
    await stopStep(c, index, { action: "failed", reason });
    c.counts.dropsFailed++;
    return "failed";
  }
  if (c.random() < c.wrongCodeShare) {
    // The recipient's code, mistyped: the platform refuses it (one of the drop's five tries).
    const refused = await c.session
      .request("post", "/v1/rides/{id}/stops/{index}/completed", {
        params: { path: { id: c.rideId, index: String(index) } },
        body: { code: mistyped(code, c.random) },
        expected: ["wrong_code"],
      })
      .then(
        () => null,
        (error: unknown) => (error as Partial<ApiError>).code ?? "error",
      );
    if (refused === "wrong_code") c.counts.wrongCodes++;
    await c.clock.sleep((5 + c.random() * 10) * 1000);
  }
  await stopStep(c, index, { action: "completed", code });
  c.counts.dropsCompleted++;
  return "completed";
}
