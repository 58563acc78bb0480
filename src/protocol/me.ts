/**
 * The user's own websocket (`/v1/ws/me`), server → client, zod-checked like
 * the other sockets: the UserActor sends them, tests parse them. On connect
 * (with `?cursor=` the `cursor` of the last notification the client saw) the
 * socket first receives every notification it missed, oldest first, then
 * `ready`; after that each new one as it is made. A notification may arrive
 * twice around a reconnect: clients keep the ids they have shown. Clients
 * send nothing on this socket; a frame from them is answered with `error`.
 */
import { z } from "zod";
import { NOTIFICATION_CATEGORIES } from "../domain/notifications.ts";
import { Instant } from "./wire.ts";

/** A notification as the API and the socket show it. */
export const NotificationWire = z.object({
  id: z.uuid(),
  /** Resume after this one: `/v1/ws/me?cursor=…` (or the list's `cursor`). */
  cursor: z.string(),
  category: z.enum(NOTIFICATION_CATEGORIES),
  /** What happened, dotted: `ride.assigned`, `booking.confirmed`. */
  type: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  read_at: Instant.nullable(),
  created_at: Instant,
});
export type NotificationWire = z.infer<typeof NotificationWire>;

/** How many missed notifications a reconnect replays; past that, `ready.more` says to page the list. */
export const REPLAY_LIMIT = 100;

/** server → client */
export const MeServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("notification"), notification: NotificationWire }),
  /** After the replay: the unread count, and whether more was missed than replayed (then GET /v1/notifications). */
  z.object({
    type: z.literal("ready"),
    unread_count: z.number().int().nonnegative(),
    replayed: z.number().int().nonnegative(),
    more: z.boolean(),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type MeServerMessage = z.infer<typeof MeServerMessage>;
