/**
 * The simulator's view of the REST API: one `Api` per virtual phone (its own
 * client address, as real phones have), problem+json codes counted by the
 * run's `ErrorLog`, and a `Session` that refreshes its access token before
 * it expires, as the apps do.
 */

/** Counts every failure by its stable code; 5xx answers are also counted on their own. */
export class ErrorLog {
  readonly byCode: Record<string, number> = {};
  /** The first message seen for each code, to tell what happened. */
  readonly examples: Record<string, string> = {};
  serverErrors = 0;

  add(code: string, message?: string): void {
    this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (message && !(code in this.examples)) this.examples[code] = message;
  }
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The answer's Retry-After, in seconds, when it had one (429). */
  readonly retryAfterS: number | undefined;

  constructor(status: number, code: string, message: string, retryAfterS?: number) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
    this.retryAfterS = retryAfterS;
  }
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: { id: string; role: string };
}

interface CallOptions {
  body?: unknown;
  form?: FormData;
  token?: string;
  /** Codes that are an expected answer here, not an error of the run (a cancel that lost a race). */
  expected?: string[];
  /** Extra request headers (`Idempotency-Key`). */
  headers?: Record<string, string>;
}

export class Api {
  readonly base: string;
  /** Sent as cf-connecting-ip: honoured locally, overwritten by Cloudflare in production. */
  readonly clientIp: string;
  private readonly errors: ErrorLog;

  constructor(base: string, clientIp: string, errors: ErrorLog) {
    this.base = base;
    this.clientIp = clientIp;
    this.errors = errors;
  }

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { "cf-connecting-ip": this.clientIp, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let res: Response;
    let text: string;
    try {
      // The timeout covers the body too: an answer cut off half-way is no answer.
      res = await fetch(new URL(path, this.base), { method, headers, body, signal: AbortSignal.timeout(30_000) });
      text = await res.text();
    } catch (error) {
      this.errors.add("network_error", `${method} ${path}: ${error instanceof Error ? error.message : error}`);
      throw new ApiError(0, "network_error", error instanceof Error ? error.message : String(error));
    }
    let data: Record<string, unknown> | null = text ? null : {};
    try {
      data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON (a proxy's plain-text error page, say): the status code speaks for it.
    }
    if (res.ok && data === null) {
      this.errors.add("malformed_response", `${method} ${path}: ${res.status} with a body that is not JSON`);
      throw new ApiError(res.status, "malformed_response", "The answer's body is not JSON.");
    }
    data ??= {};
    if (res.ok) return data as T;
    const code = typeof data.code === "string" ? data.code : `http_${res.status}`;
    if (res.status >= 500) this.errors.serverErrors++;
    if (!options.expected?.includes(code))
      this.errors.add(code, `${method} ${path}: ${String(data.detail ?? res.statusText)}`);
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      code,
      typeof data.detail === "string" ? data.detail : res.statusText,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
}

/**
 * An access token that stays fresh: refreshed a minute before it expires.
 * A refresh that fails is not tried again at once: the session waits 2, 4, 8 …
 * up to 60 s (with jitter) and meanwhile keeps using its token while that is
 * still valid, so a platform that is struggling is not met with a stampede.
 */
export class Session {
  private access: string;
  private refreshToken: string;
  private expiresAtMs: number;
  private refreshing: Promise<void> | null = null;
  private failedRefreshes = 0;
  private nextRefreshAtMs = 0;
  readonly userId: string;
  readonly api: Api;

  constructor(api: Api, tokens: TokenPair) {
    this.api = api;
    this.access = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.expiresAtMs = Date.now() + tokens.expires_in * 1000;
    this.userId = tokens.user.id;
  }

  /** True when the access token runs out within `ms`. */
  expiresWithin(ms: number): boolean {
    return Date.now() > this.expiresAtMs - ms;
  }

  /** True while a failed refresh is being waited out. */
  backingOff(): boolean {
    return Date.now() < this.nextRefreshAtMs;
  }

  async token(): Promise<string> {
    if (this.expiresWithin(60_000)) {
      // A token that still works is used while a failed refresh is waited out.
      if (this.backingOff() && !this.expiresWithin(0)) return this.access;
      await this.refresh();
    }
    return this.access;
  }

  /** One refresh at a time: a refresh token works once. */
  refresh(): Promise<void> {
    if (!this.refreshing && this.backingOff()) {
      return Promise.reject(new ApiError(0, "refresh_backing_off", "an earlier refresh failed; waiting"));
    }
    this.refreshing ??= this.api
      .call<TokenPair>("POST", "/v1/auth/refresh", { body: { refresh_token: this.refreshToken } })
      .then(
        (tokens) => {
          this.access = tokens.access_token;
          this.refreshToken = tokens.refresh_token;
          this.expiresAtMs = Date.now() + tokens.expires_in * 1000;
          this.failedRefreshes = 0;
        },
        (error: unknown) => {
          this.failedRefreshes++;
          const waitMs = Math.min(60_000, 1000 * 2 ** this.failedRefreshes) * (0.5 + Math.random());
          this.nextRefreshAtMs = Date.now() + waitMs;
          throw error;
        },
      )
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  call<T>(method: string, path: string, options: Omit<CallOptions, "token"> = {}): Promise<T> {
    return this.token().then((token) => this.api.call<T>(method, path, { ...options, token }));
  }
}

/** A distinct private address per virtual phone: 10.x.y.z from its number. */
export function phoneAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
