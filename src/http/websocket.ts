/**
 * The edge of a websocket upgrade, shared by the socket routes (routes/ws.ts):
 * the credentials a client sends, the access-token check, the headers that
 * may reach an actor, and refusals a client can read.
 *
 * The access token comes as `?token=` or as a `bearer.<token>` entry of
 * Sec-WebSocket-Protocol (with `curbside.v1`, which the answer echoes). A
 * refused upgrade is still answered with a websocket, which at once gets an
 * `error {code, message}` frame and closes with a 44xx code and the same
 * code as reason, so every client can tell why (see protocol/close-codes.ts).
 */
import type { Context } from "hono";
import { isSuspended } from "../auth/suspensions.ts";
import { type AccessClaims, verifyAccessToken } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { CLOSE } from "../protocol/close-codes.ts";
import type { DriverServerMessage } from "../protocol/driver.ts";
import { background } from "./background.ts";
import { ProblemError } from "./problem.ts";

export const SUBPROTOCOL = "curbside.v1";

/** Why an upgrade is refused: the close code, and the stable `code` sent as error frame and close reason. */
export interface SocketRefusal {
  ok: false;
  close: number;
  code: string;
  message: string;
}

/** 426 `upgrade_required` for a plain HTTP request to a socket route. */
export function requireUpgrade(c: Context): void {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ProblemError(426, "upgrade_required", "Connect with a websocket client.", {
      headers: { Upgrade: "websocket" },
    });
  }
}

/** Accepts the upgrade only to say no: an error frame, then a close with code and reason. */
export function refuseSocket(refusal: Omit<SocketRefusal, "ok">, protocol?: string): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  server.send(
    JSON.stringify({ type: "error", code: refusal.code, message: refusal.message } satisfies DriverServerMessage),
  );
  server.close(refusal.close, refusal.code);
  return new Response(null, {
    status: 101,
    webSocket: client,
    headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
  });
}

/** The token and the subprotocol to echo, from `?token=` or Sec-WebSocket-Protocol. */
export function socketCredentials(request: Request): { token: string | null; protocol: string | undefined } {
  const offered = (request.headers.get("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const fromProtocol = offered.find((p) => p.startsWith("bearer."))?.slice("bearer.".length);
  const token = new URL(request.url).searchParams.get("token") ?? fromProtocol ?? null;
  return { token, protocol: offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : undefined };
}

/**
 * The caller of an upgrade, or why not: 4401 unauthenticated / invalid_token,
 * 4001 token_expired, 4403 account_suspended (auth/suspensions.ts).
 */
export async function authenticateSocket(
  token: string | null,
  c: Context<AppEnv>,
): Promise<{ ok: true; claims: AccessClaims } | SocketRefusal> {
  if (!token)
    return { ok: false, close: CLOSE.unauthenticated, code: "unauthenticated", message: "Send an access token." };
  const verified = await verifyAccessToken(token, c.env.JWT_SIGNING_KEYS);
  if (verified.ok && (await isSuspended(verified.claims.userId, c.var.db, background(c)))) {
    return { ok: false, close: CLOSE.forbidden, code: "account_suspended", message: "This account is suspended." };
  }
  if (verified.ok) return { ok: true, claims: verified.claims };
  return verified.reason === "expired"
    ? {
        ok: false,
        close: CLOSE.tokenExpired,
        code: "token_expired",
        message: "The access token has expired; refresh it.",
      }
    : { ok: false, close: CLOSE.unauthenticated, code: "invalid_token", message: "The access token is not valid." };
}

/** The headers of an upgrade that an actor needs, and nothing else from the client. */
export function upgradeHeaders(request: Request): Headers {
  const headers = new Headers();
  for (const name of ["Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

/** An actor's answer to the upgrade, echoing the subprotocol the client offered. */
export function withProtocol(res: Response, protocol: string | undefined): Response {
  if (res.status !== 101 || !res.webSocket) return res;
  return new Response(null, {
    status: 101,
    webSocket: res.webSocket,
    headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
  });
}
