/**
 * The one way to tell a user something: `notifyUser` stores the notification
 * (once per dedupe key), hands it to the user's live channel (the UserActor
 * of /v1/ws/me) and queues its push, SMS and email (deliveries.ts), which
 * the user's preferences then filter. Nothing here waits on a push or email
 * provider: a slow one delays only its own queue.
 *
 * Used by the events consumer for ride and booking steps; other features
 * (ratings, coupons, referrals, payments) call it the same way.
 *
 * @example
 * await notifyUser(env, {
 *   user_id: driverId,
 *   category: "rating",
 *   type: "rating.received",
 *   title: "New rating",
 *   body: "A rider rated your trip 5 stars.",
 *   data: { ride_id: rideId, rating: 5 },
 *   dedupe_key: `rating:${ratingId}`, // optional: the same fact twice is one notification
 * });
 */
import { createDb, type Database, type DbHandle } from "../db/client.ts";
import { insertNotifications, type NotificationRow } from "../db/queries/notifications.ts";
import type { NotificationDraft } from "../domain/notifications.ts";
import { errorFields, log } from "../log.ts";
import type { NotificationWire } from "../protocol/me.ts";
import type { DeliveryMessage } from "./deliveries.ts";
import { notificationJson } from "./wire.ts";

export type { NotificationDraft };

/** The bindings notifying needs: the database, the users' actors and the delivery queue. */
export type NotifyEnv = Pick<Env, "DATABASE_URL" | "USER" | "NOTIFY"> & { DB_PROXY?: string | undefined };

/** How long a live delivery may take before it is left to the client's resume. */
const LIVE_TIMEOUT_MS = 3_000;

/**
 * Notifies one user. Resolves to the notification as the API shows it, or
 * null when its dedupe key was already used (told before). Pass `db` to use
 * the caller's handle; a transaction's `tx` is fine only if it commits.
 */
export async function notifyUser(
  env: NotifyEnv,
  draft: NotificationDraft,
  db?: Database,
): Promise<NotificationWire | null> {
  const [made] = await notifyAll(env, [draft], db);
  return made ?? null;
}

/** Notifies several users at once: one insert, then the live channels and the queue. */
export async function notifyAll(
  env: NotifyEnv,
  drafts: NotificationDraft[],
  db?: Database,
): Promise<NotificationWire[]> {
  if (drafts.length === 0) return [];
  const handle = db ? null : createDb(env);
  let rows: NotificationRow[];
  try {
    rows = await insertNotifications(db ?? (handle as DbHandle).db, drafts);
  } finally {
    await handle?.close().catch(() => {});
  }
  const made = rows.map((row) => ({ notification: notificationJson(row), userId: row.userId }));
  await Promise.all([deliverLive(env, made), queueDeliveries(env, made)]);
  return made.map((m) => m.notification);
}

/** Each user's new notifications to their actor, in the order they were made (users side by side). */
async function deliverLive(env: NotifyEnv, items: { notification: NotificationWire; userId: string }[]) {
  const byUser = new Map<string, typeof items>();
  for (const item of items) byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
  await Promise.all(
    [...byUser].map(async ([userId, theirs]) => {
      const actor = env.USER.getByName(userId);
      for (const { notification } of theirs) {
        try {
          await Promise.race([
            actor.deliver(notification),
            new Promise((_, reject) => setTimeout(() => reject(new Error("live delivery timed out")), LIVE_TIMEOUT_MS)),
          ]);
        } catch (error) {
          // The socket, if any, gets it on its next resume.
          log("warn", "notify.live_failed", { user: userId, notification: notification.id, ...errorFields(error) });
          return;
        }
      }
    }),
  );
}

async function queueDeliveries(env: NotifyEnv, items: { notification: NotificationWire; userId: string }[]) {
  if (items.length === 0) return;
  try {
    await env.NOTIFY.sendBatch(
      items.map(({ notification }) => ({
        body: { kind: "fanout", notification_id: notification.id } satisfies DeliveryMessage,
      })),
    );
  } catch (error) {
    log("warn", "notify.queue_failed", { notifications: items.map((i) => i.notification.id), ...errorFields(error) });
  }
}
