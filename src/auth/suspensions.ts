/**
 * Suspended accounts whose access tokens may still be unexpired: the one
 * check between a valid signature and a served request (http/auth.ts,
 * http/websocket.ts).
 *
 * An access token lives ACCESS_TOKEN_TTL_S (15 min) and cannot be recalled;
 * a suspension revokes the account's refresh tokens in its own transaction
 * (admin/suspension.ts), so after 15 minutes no token of it is left. Until
 * then, every request is checked against this list: the accounts suspended
 * in the last 15 minutes (and a margin), a handful of ids, kept in the
 * isolate so that no request reads the database for it.
 *
 * "At once" means: in the isolate that suspended, on the very next request
 * (`noteSuspended`); in every other isolate that is serving traffic, within
 * SUSPENSIONS_FRESH_MS and the time of one query, because any request finding
 * the list that old refreshes it in the background. An isolate that sat idle
 * may answer one request from its old list while the refresh runs, and one
 * idle for SUSPENSIONS_MAX_AGE_MS (or new) waits for the list first. Waiting
 * on every request past a short age was tried: the database read it puts in
 * the middle of requests (a driver's reconnect, an estimate) made the
 * dispatch race tests miss their deadlines. If Postgres cannot be read the
 * last list is kept and the failure logged: a database outage must not sign
 * everybody out.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { users } from "../db/schema/index.ts";
import { errorFields, log } from "../log.ts";
import { ACCESS_TOKEN_TTL_S } from "./tokens.ts";

/** Past this age the list is refreshed in the background. */
export const SUSPENSIONS_FRESH_MS = 2_000;
/** Past this age (an isolate idle for a minute) a request waits for the refresh. */
export const SUSPENSIONS_MAX_AGE_MS = 60_000;
/** How far back a suspension can still have live access tokens (their lifetime, and a minute for clocks). */
const WINDOW_S = ACCESS_TOKEN_TTL_S + 60;

interface List {
  ids: Set<string>;
  loadedAt: number;
}

let current: List | undefined;
let refreshing: Promise<List> | undefined;
/** Changes made in this isolate since the list was read, applied over every list read before them. */
const local = new Map<string, { suspended: boolean; at: number }>();

async function load(db: Database): Promise<List> {
  const loadedAt = Date.now();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.status, "suspended"), gt(users.suspendedAt, sql`now() - make_interval(secs => ${WINDOW_S})`)));
  return { ids: new Set(rows.map((r) => r.id)), loadedAt };
}

function refresh(db: () => Database): Promise<List> {
  refreshing ??= load(db())
    .then((next) => {
      if (!current || current.loadedAt <= next.loadedAt) current = next;
      for (const [id, change] of local) if (change.at <= next.loadedAt) local.delete(id);
      return current;
    })
    .catch((error: unknown) => {
      log("warn", "suspensions.refresh_failed", errorFields(error));
      // Keep what we had and try again in the background a FRESH period later: no request waits on an outage.
      current = { ids: current?.ids ?? new Set(), loadedAt: Date.now() };
      return current;
    })
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

/**
 * Whether the account is suspended (recently enough for its tokens to be alive).
 *
 * @example
 * if (await isSuspended(claims.userId, c.var.db, background(c))) throw accountSuspended();
 */
export async function isSuspended(
  userId: string,
  db: () => Database,
  waitUntil: (work: Promise<unknown>) => void,
): Promise<boolean> {
  const now = Date.now();
  let list = current;
  if (!list || now - list.loadedAt >= SUSPENSIONS_MAX_AGE_MS) list = await refresh(db);
  else if (now - list.loadedAt >= SUSPENSIONS_FRESH_MS) waitUntil(refresh(db));
  const change = local.get(userId);
  if (change) return change.suspended;
  return list.ids.has(userId);
}

/** This isolate suspended the account: its tokens stop here on the next request. */
export function noteSuspended(userId: string): void {
  local.set(userId, { suspended: true, at: Date.now() });
}

/** This isolate reinstated the account. */
export function noteReinstated(userId: string): void {
  local.set(userId, { suspended: false, at: Date.now() });
}
