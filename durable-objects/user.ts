/**
 * UserActor: one per user, holding that user's live channel (`/v1/ws/me`,
 * DESIGN.md "Users' live channel"). It keeps nothing of its own: the
 * notifications are in Postgres (src/notify/), so the actor hibernates
 * between messages and a restart loses nothing.
 *
 * On connect it replays from Postgres what the client missed after its
 * cursor, then says `ready`; `deliver` (called by src/notify/notify-user.ts
 * for every notification made) sends each new one to every open socket.
 */
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { createDb } from "../src/db/client.ts";
import { notificationsAfter, unreadCount } from "../src/db/queries/notifications.ts";
import { errorFields, log } from "../src/log.ts";
import { notificationJson } from "../src/notify/wire.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";
import { type MeServerMessage, type NotificationWire, REPLAY_LIMIT } from "../src/protocol/me.ts";

export class UserActor extends Server<Env> {
  static override options = { hibernate: true };

  // Upgrade forwarded by the Worker (routes/ws.ts) with the TRUSTED user id and, on a resume, the seq to resume after.
  override async onConnect(connection: Connection, ctx: ConnectionContext): Promise<void> {
    const userId = ctx.request.headers.get(TRUSTED.userId);
    if (userId !== this.name) return connection.close(CLOSE.notFound, "user_not_found");
    const after = ctx.request.headers.get(TRUSTED.afterSeq);
    const { db, close } = createDb(this.env);
    try {
      const missed = after === null ? [] : await notificationsAfter(db, userId, Number(after), REPLAY_LIMIT + 1);
      const replayed = missed.slice(0, REPLAY_LIMIT);
      for (const row of replayed)
        this.sendTo(connection, { type: "notification", notification: notificationJson(row) });
      const unread = await unreadCount(db, userId);
      this.sendTo(connection, {
        type: "ready",
        unread_count: unread,
        replayed: replayed.length,
        more: missed.length > REPLAY_LIMIT,
      });
    } catch (error) {
      log("error", "UserActor.onConnect", { user: this.name, ...errorFields(error) });
      this.sendTo(connection, {
        type: "error",
        code: "replay_failed",
        message: "Reconnect to receive what you missed.",
      });
    } finally {
      await close().catch(() => {});
    }
  }

  // client → server: nothing is expected; any frame is answered with `error`.
  override onMessage(connection: Connection): void {
    this.sendTo(connection, { type: "error", code: "read_only", message: "This socket only receives notifications." });
  }

  /** A new notification of this user, to every open socket. Returns how many sockets it went to. */
  async deliver(notification: NotificationWire): Promise<number> {
    const message = JSON.stringify({ type: "notification", notification } satisfies MeServerMessage);
    let sent = 0;
    for (const connection of this.getConnections()) {
      try {
        connection.send(message);
        sent += 1;
      } catch {
        // Gone; it resumes from its cursor.
      }
    }
    return sent;
  }

  private sendTo(connection: Connection, message: MeServerMessage): void {
    try {
      connection.send(JSON.stringify(message));
    } catch {
      // Gone; it resumes from its cursor.
    }
  }
}
