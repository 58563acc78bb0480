/**
 * The ride websocket's messages, server → client (the ride's rider, its
 * driver, admins). Clients send nothing on this socket; a frame from them is
 * answered with `error`.
 */

import type { Money } from "../domain/money.ts";
import type { AssignedDriver, RideView } from "../domain/ride.ts";

export type RideServerMessage =
  | ({ type: "ride.status" } & RideView)
  | {
      type: "driver.assigned";
      driver: Omit<AssignedDriver, "vehicle">;
      vehicle: AssignedDriver["vehicle"];
      eta_s: number;
    }
  | { type: "driver.location"; lat: number; lng: number; heading: number | null; ts: number }
  | { type: "ride.completed"; fare: { lines: { code: string; label: string; amount: number }[]; total: Money } }
  | { type: "ride.cancelled"; by: string; reason: string | null }
  | { type: "error"; code: string; message: string };
