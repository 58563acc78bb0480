/**
 * The typed REST client of the Curbside API: openapi-fetch over the types
 * generated from the OpenAPI document (api-types.ts, `npm run api:types`).
 * Paths, parameters, bodies and answers are checked by `npm run typecheck`,
 * so a renamed field or route breaks the build of every caller instead of a
 * simulation run. Used by the simulator (scripts/simulate/client.ts, main.ts).
 *
 * @example
 * const api = createApiClient("http://127.0.0.1:8787");
 * const { data, error } = await api.POST("/v1/auth/login", { body: { email, password } });
 */
import createClient, { type Client, type MaybeOptionalInit } from "openapi-fetch";
import type { components, paths } from "./api-types.ts";

export type { paths };
/** The document's named schemas: `Schemas["Ride"]`, `Schemas["Tokens"]` … */
export type Schemas = components["schemas"];
export type ApiClient = Client<paths>;

export type Method = "get" | "put" | "post" | "patch" | "delete";
/** The paths that have operation `M`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, unknown> ? P : never;
}[keyof paths];
type Operation<M extends Method, P extends PathOf<M>> = paths[P] extends Record<M, infer O> ? O : never;
/** What `M P` takes, as openapi-fetch does: `params` (path, query, header) and `body`. */
export type InitOf<M extends Method, P extends PathOf<M>> = M extends keyof paths[P]
  ? NonNullable<MaybeOptionalInit<paths[P], M>>
  : never;
/** The JSON body of `M P`. */
export type BodyOf<M extends Method, P extends PathOf<M>> =
  Operation<M, P> extends {
    requestBody?: { content: { "application/json": infer B } };
  }
    ? B
    : never;
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : never;
/** The JSON a successful `M P` answers (its 2xx responses). */
export type AnswerOf<M extends Method, P extends PathOf<M>> =
  Operation<M, P> extends { responses: infer R } ? JsonOf<R[keyof R & (200 | 201 | 202 | 203 | 206)]> : never;

/** A client of the API at `baseUrl`, sending `headers` with every request. */
export function createApiClient(baseUrl: string, headers: Record<string, string> = {}): ApiClient {
  return createClient<paths>({ baseUrl, headers });
}
