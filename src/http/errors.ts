/**
 * The one place where failures become HTTP answers: zod validation failures,
 * Hono's own exceptions (malformed JSON, body too large), ProblemErrors from
 * handlers, and anything unexpected (a 500 that is logged, never leaked).
 */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import type { AppEnv } from "../env.ts";
import { databaseFault, errorFields, log } from "../log.ts";
import { PaymentDeclined, ProviderRefused, ProviderUnavailable } from "../payments/provider.ts";
import { type FieldError, ProblemError, problem, problemResponse } from "./problem.ts";

type Target = "json" | "form" | "query" | "param" | "header" | "cookie";

const WHERE: Record<Target, FieldError["in"]> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "header",
};

/** Turns a zod error on one request part into field errors. */
export function fieldErrors(error: ZodError, target: Target): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)",
    in: WHERE[target],
    message: issue.message,
  }));
}

/** The OpenAPIHono `defaultHook`: a failed validation answers 400 `validation_failed`. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: Target },
  c: Context<AppEnv>,
): Response | undefined {
  if (result.success) return undefined;
  const errors = fieldErrors(result.error, result.target);
  const fields = errors.map((e) => e.path).join(", ");
  return problemResponse(
    problem(400, "validation_failed", `The request is invalid: ${fields}.`, {
      errors,
      instance: c.req.path,
      requestId: c.get("requestId"),
    }),
  );
}

function codeForHttpException(error: HTTPException): string {
  if (error.status === 413) return "body_too_large";
  if (error.status === 415) return "unsupported_media_type";
  if (/json/i.test(error.message)) return "malformed_json";
  if (/content-type/i.test(error.message)) return "unsupported_media_type";
  return error.status === 401 ? "unauthorized" : "bad_request";
}

/**
 * The last line of defence for input: a Postgres data exception (class 22:
 * out of range, too long, not representable) or a violated constraint that
 * the route did not handle is the request's fault, not the server's.
 */
function rejectedByDatabase(error: unknown): { status: number; code: string; detail: string } | undefined {
  const fault = databaseFault(error);
  if (!fault) return undefined;
  if (fault.code.startsWith("22")) {
    return { status: 400, code: "invalid_value", detail: "A value in the request cannot be stored." };
  }
  if (fault.code === "23505" || fault.code === "23P01") {
    return { status: 409, code: "conflict", detail: "This conflicts with an existing record." };
  }
  if (fault.code === "23503") {
    return { status: 422, code: "unknown_reference", detail: "The request refers to something that does not exist." };
  }
  if (fault.code === "23514") {
    return { status: 422, code: "invalid_value", detail: "A value in the request is not allowed." };
  }
  return undefined;
}

/** The card provider's refusals and outages, as the client should see them. */
function providerProblem(error: unknown): { status: number; code: string; detail: string } | null {
  if (error instanceof PaymentDeclined) {
    return {
      status: 402,
      code: "payment_failed",
      detail: `The card was declined (${error.declineCode ?? error.code}).`,
    };
  }
  if (error instanceof ProviderRefused) {
    return {
      status: 502,
      code: "provider_refused",
      detail: `The payment provider refused the request (${error.code}).`,
    };
  }
  if (error instanceof ProviderUnavailable) {
    return {
      status: 503,
      code: "provider_unavailable",
      detail: "The payment provider cannot be reached; try again shortly.",
    };
  }
  return null;
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get("requestId");
  if (error instanceof ProblemError) {
    return problemResponse(
      problem(error.status, error.code, error.message, {
        ...(error.errors ? { errors: error.errors } : {}),
        ...(error.members ? { members: error.members } : {}),
        instance: c.req.path,
        requestId,
      }),
      error.headers,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(
      problem(error.status, codeForHttpException(error), error.message, {
        instance: c.req.path,
        requestId,
      }),
    );
  }
  const provider = providerProblem(error);
  if (provider) {
    log("warn", "payments.provider", { request_id: requestId, path: c.req.path, ...errorFields(error) });
    return problemResponse(
      problem(provider.status, provider.code, provider.detail, { instance: c.req.path, requestId }),
    );
  }
  const rejected = rejectedByDatabase(error);
  if (rejected) {
    // A value the validation let through but Postgres refused: the client's input, logged so the gap is seen.
    log("warn", "db.rejected_input", { request_id: requestId, path: c.req.path, ...errorFields(error) });
    return problemResponse(
      problem(rejected.status, rejected.code, rejected.detail, { instance: c.req.path, requestId }),
    );
  }
  log("error", "unhandled", { request_id: requestId, path: c.req.path, ...errorFields(error) });
  return problemResponse(
    problem(500, "internal_error", "Something went wrong on our side. It has been logged.", {
      instance: c.req.path,
      requestId,
    }),
  );
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(
    problem(404, "route_not_found", `No route for ${c.req.method} ${c.req.path}.`, {
      instance: c.req.path,
      requestId: c.get("requestId"),
    }),
  );
