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

  constructor(status: number, code: string, message: string) {
    super(`${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
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
  /** Codes that are an expected answer here, not an error of the run (a login before registering). */
  expected?: string[];
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
    const headers: Record<string, string> = { "cf-connecting-ip": this.clientIp };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), { method, headers, body, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      this.errors.add("network_error", `${method} ${path}: ${error instanceof Error ? error.message : error}`);
      throw new ApiError(0, "network_error", error instanceof Error ? error.message : String(error));
    }
    const text = await res.text().catch(() => "");
    let data: Record<string, unknown> = {};
    try {
      data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON (a proxy's plain-text error page, say): the status code speaks for it.
    }
    if (res.ok) return data as T;
    const code = typeof data.code === "string" ? data.code : `http_${res.status}`;
    if (res.status >= 500) this.errors.serverErrors++;
    if (!options.expected?.includes(code))
      this.errors.add(code, `${method} ${path}: ${String(data.detail ?? res.statusText)}`);
    throw new ApiError(res.status, code, typeof data.detail === "string" ? data.detail : res.statusText);
  }
}

/** An access token that stays fresh: refreshed a minute before it expires. */
export class Session {
  private access: string;
  private refreshToken: string;
  private expiresAtMs: number;
  private refreshing: Promise<void> | null = null;
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

  async token(): Promise<string> {
    if (this.expiresWithin(60_000)) await this.refresh();
    return this.access;
  }

  /** One refresh at a time: a refresh token works once. */
  refresh(): Promise<void> {
    this.refreshing ??= this.api
      .call<TokenPair>("POST", "/v1/auth/refresh", { body: { refresh_token: this.refreshToken } })
      .then((tokens) => {
        this.access = tokens.access_token;
        this.refreshToken = tokens.refresh_token;
        this.expiresAtMs = Date.now() + tokens.expires_in * 1000;
      })
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
