/**
 * The simulator's view of the REST API: one `Api` per virtual phone (its own
 * client address, as real phones have), problem+json codes counted by the
 * run's `ErrorLog`, and a `Session` that refreshes its access token before
 * it expires, as the apps do.
 *
 * Every call is typed by the API document (scripts/lib/api-client.ts):
 * `request("post", "/v1/rides", { body })` checks the path, the parameters,
 * the body and the answer, and goes out through openapi-fetch.
 */
import {
  type AnswerOf,
  type ApiClient,
  createApiClient,
  type InitOf,
  type Method,
  type PathOf,
  type Schemas,
} from "../lib/api-client.ts";

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

/** What the simulator keeps of a sign-in (POST /v1/auth/login, /v1/auth/refresh). */
export type TokenPair = Pick<Schemas["Tokens"], "access_token" | "refresh_token" | "expires_in"> & {
  user: Pick<Schemas["User"], "id" | "role">;
};

interface CallOptions {
  /** Path, query and header parameters, filled in as the document's path says (`/v1/rides/{id}`). */
  params?: { path?: Record<string, string>; query?: Record<string, unknown>; header?: Record<string, string> };
  body?: unknown;
  token?: string;
  /** Codes that are an expected answer here, not an error of the run (a cancel that lost a race). */
  expected?: string[];
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** What `request` takes besides the document's parameters and body. */
type Extra = Pick<CallOptions, "expected" | "headers">;

/** openapi-fetch's `request` without the document's types: `call` takes any path (tests use stand-in servers). */
type UntypedRequest = (
  method: string,
  path: string,
  init: {
    params?: CallOptions["params"];
    body?: unknown;
    headers: Record<string, string>;
    parseAs: "text";
    signal: AbortSignal;
  },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export class Api {
  readonly base: string;
  /** Sent as cf-connecting-ip: honoured locally, overwritten by Cloudflare in production. */
  readonly clientIp: string;
  private readonly errors: ErrorLog;
  private readonly client: ApiClient;

  constructor(base: string, clientIp: string, errors: ErrorLog) {
    this.base = base;
    this.clientIp = clientIp;
    this.errors = errors;
    this.client = createApiClient(base, { "cf-connecting-ip": clientIp });
  }

  /**
   * A call as the API document types it: path, parameters, body and answer.
   *
   * @example
   * const ride = await api.request("get", "/v1/rides/{id}", { params: { path: { id } }, token });
   */
  request<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    init: InitOf<M, P> & Extra & { token?: string },
  ): Promise<AnswerOf<M, P>> {
    return this.call<AnswerOf<M, P>>(method.toUpperCase(), path, init as CallOptions);
  }

  /**
   * The transport under `request`, through openapi-fetch: failures become
   * `ApiError`s with the problem's code, counted in the run's `ErrorLog`
   * unless `expected`. Untyped: `request` is the way in.
   */
  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const send = this.client.request as unknown as UntypedRequest;
    // The path as sent (`/v1/rides/<id>`), for the run's error examples.
    const target = path.replace(/\{(\w+)\}/g, (name, key: string) => options.params?.path?.[key] ?? name);
    let res: Response;
    let payload: unknown;
    try {
      // The timeout covers the body too: an answer cut off half-way is no answer.
      const answer = await send(method, path, {
        params: options.params,
        body: options.body,
        headers,
        parseAs: "text",
        signal: AbortSignal.timeout(30_000),
      });
      res = answer.response;
      // A 2xx comes as text, parsed below; openapi-fetch parses a failure's body when it is JSON.
      payload = res.ok ? answer.data : answer.error;
    } catch (error) {
      this.errors.add("network_error", `${method} ${target}: ${error instanceof Error ? error.message : error}`);
      throw new ApiError(0, "network_error", error instanceof Error ? error.message : String(error));
    }
    let data: Record<string, unknown> | null = null;
    if (!res.ok) {
      // Not JSON (a proxy's plain-text error page, say): the status code speaks for it.
      data = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
    } else if (typeof payload !== "string" || payload === "") {
      data = {};
    } else {
      try {
        data = JSON.parse(payload) as Record<string, unknown>;
      } catch {
        // Checked below: a 2xx whose body is not JSON is no success.
      }
    }
    if (res.ok && data === null) {
      this.errors.add("malformed_response", `${method} ${target}: ${res.status} with a body that is not JSON`);
      throw new ApiError(res.status, "malformed_response", "The answer's body is not JSON.");
    }
    data ??= {};
    if (res.ok) return data as T;
    const code = typeof data.code === "string" ? data.code : `http_${res.status}`;
    if (res.status >= 500) this.errors.serverErrors++;
    if (!options.expected?.includes(code))
      this.errors.add(code, `${method} ${target}: ${String(data.detail ?? res.statusText)}`);
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
      .request("post", "/v1/auth/refresh", { body: { refresh_token: this.refreshToken } })
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

  /** `Api.request` with the session's access token. */
  request<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    init: InitOf<M, P> & Extra,
  ): Promise<AnswerOf<M, P>> {
    return this.token().then((token) =>
      this.api.call<AnswerOf<M, P>>(method.toUpperCase(), path, { ...(init as CallOptions), token }),
    );
  }
}

/** A distinct private address per virtual phone: 10.x.y.z from its number. */
export function phoneAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
