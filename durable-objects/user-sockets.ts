/**
 * The base of the actors that hold users' sockets (CellActor: a driver's;
 * RideActor: those watching a ride). Each socket is tagged with the user id
 * the Worker forwarded (TRUSTED.userId), so one user's sockets are found by
 * `getConnections(userId)`; and an admin's suspension (src/admin/suspension.ts)
 * closes them: each is told why in an `error` frame, then closed with 4403
 * and `account_suspended` as the reason (protocol/close-codes.ts), so the app
 * signs out and does not retry.
 */
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";

const SUSPENDED = JSON.stringify({ type: "error", code: "account_suspended", message: "This account is suspended." });

export class UserSockets extends Server<Env> {
  override getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    const userId = ctx.request.headers.get(TRUSTED.userId);
    return userId ? [userId] : [];
  }

  /** Tells the user's sockets here that their account is suspended and closes them; how many there were. */
  async closeSuspended(userId: string): Promise<number> {
    let closed = 0;
    for (const socket of this.getConnections(userId)) {
      try {
        socket.send(SUSPENDED);
        socket.close(CLOSE.forbidden, "account_suspended");
      } catch {
        // Already closing: nothing left to tell it.
      }
      closed++;
    }
    return closed;
  }
}
