/**
 * RFC 9457 problem details. Every error the API returns is one of these, with
 * a stable `code` that clients switch on; `errors` lists offending fields.
 *
 * @example
 * throw new ProblemError(404, "ride_not_found", "No ride with this id.");
 */

/** One offending input field: `path` is dotted (`pickup.lat`), `in` is where it came from. */
export interface FieldError {
  path: string;
  in: "body" | "query" | "path" | "header";
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2) a code documents, such as a limit it names: `max_weight_kg`. */
  [member: string]: unknown;
}

/** Extension members of a problem: the facts a client needs beside its `code`. */
export type ProblemMembers = Record<string, string | number>;

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** An error that the HTTP edge turns into a problem+json response. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly members: ProblemMembers | undefined;
  constructor(
    status: number,
    code: string,
    detail: string,
    extra?: { errors?: FieldError[]; headers?: Record<string, string>; members?: ProblemMembers },
  ) {
    super(detail);
    this.name = "ProblemError";
    this.status = status;
    this.code = code;
    this.errors = extra?.errors;
    this.headers = extra?.headers;
    this.members = extra?.members;
  }
}

/** Builds the problem body; `type` is a stable URI per code. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; instance?: string; requestId?: string; members?: ProblemMembers } = {},
): Problem {
  return {
    // Members first, so none can stand in for a standard field.
    ...extra.members,
    type: `https://curbside.dev/problems/${code.replaceAll("_", "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    detail,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { request_id: extra.requestId } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

/** A problem+json Response. */
export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}
