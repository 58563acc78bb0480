/**
 * The console's session and its calls to the API, with the same tokens as
 * every app: POST /v1/auth/login, then the access token on each call and the
 * refresh token to rotate it when it expires.
 *
 * Both tokens live in this module's memory only — never in localStorage or
 * sessionStorage, where any script on the page could read them; the API
 * offers no httpOnly cookie. The price: reloading the page asks to sign in
 * again.
 */

export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  role: string;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  user: SessionUser;
}

/** An API error as problem+json tells it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let session: Tokens | null = null;
let refreshing: Promise<boolean> | null = null;
const signedOutListeners: (() => void)[] = [];

export function currentUser(): SessionUser | null {
  return session?.user ?? null;
}

export function accessToken(): string | null {
  return session?.access_token ?? null;
}

/** Called when the session ends (signed out, or the refresh token no longer works). */
export function onSignedOut(listener: () => void): void {
  signedOutListeners.push(listener);
}

async function problem(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { code?: string; detail?: string; title?: string };
    return new ApiError(res.status, body.code ?? "error", body.detail ?? body.title ?? res.statusText);
  } catch {
    return new ApiError(res.status, "error", res.statusText);
  }
}

/** Signs in; only admin accounts may use the console. */
export async function signIn(email: string, password: string): Promise<SessionUser> {
  const res = await fetch("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw await problem(res);
  const tokens = (await res.json()) as Tokens;
  if (tokens.user.role !== "admin") {
    await logout(tokens.refresh_token);
    throw new ApiError(403, "not_an_admin", "This console is for admin accounts.");
  }
  session = tokens;
  return tokens.user;
}

async function logout(refreshToken: string): Promise<void> {
  await fetch("/v1/auth/logout", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refreshToken }),
  }).catch(() => undefined);
}

export async function signOut(): Promise<void> {
  const ending = session;
  session = null;
  if (ending) await logout(ending.refresh_token);
  for (const listener of signedOutListeners) listener();
}

/** Rotates the tokens once, however many calls found the access token expired at the same time. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session;
    if (!current) return false;
    const res = await fetch("/v1/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: current.refresh_token }),
    });
    if (!res.ok) return false;
    const next = (await res.json()) as Partial<Tokens>;
    if (!next.access_token || !next.refresh_token) return false;
    session = { ...current, access_token: next.access_token, refresh_token: next.refresh_token };
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * A signed-in call to the API; JSON in and out, problem+json as ApiError.
 * `headers` adds request headers (If-Match on a tariff).
 */
export async function api<T>(method: string, path: string, body?: unknown, headers?: HeadersInit): Promise<T> {
  const sent = new Headers(headers);
  if (body !== undefined) sent.set("content-type", "application/json");
  const res = await authorized(path, {
    method,
    headers: sent,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await problem(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A signed-in fetch (documents come as files); refreshes the access token once when it has expired. */
export async function authorized(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const token = accessToken();
    if (!token) throw new ApiError(401, "unauthenticated", "Sign in first.");
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    const res = await fetch(path, { ...init, headers });
    if (res.status !== 401 || attempt > 0) return res;
    if (!(await refresh())) {
      await signOut();
      return res;
    }
  }
}

/**
 * A websocket to the API with the access token in Sec-WebSocket-Protocol
 * (never in the URL, which servers log).
 */
export function openSocket(path: string): WebSocket {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return new WebSocket(url, ["curbside.v1", `bearer.${accessToken() ?? ""}`]);
}

/** Refreshes the tokens for a socket that was closed with 4001 token_expired; false when signed out. */
export function renewForSocket(): Promise<boolean> {
  return refresh();
}
