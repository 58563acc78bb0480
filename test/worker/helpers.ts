/** Helpers for tests inside workerd: calling the Worker, reading problems, the database. */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { ADMIN } from "../../scripts/demo/data.ts";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { createDb, type DbHandle } from "../../src/db/client.ts";

/** Calls the Worker's own fetch handler, as a client would. */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`http://curbside.test${path}`, init));
}

/** Asserts a problem+json answer and returns its body. */
export async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as {
    status: number;
    code: string;
    title: string;
    detail: string;
    errors?: { path: string; in: string; message: string }[];
  };
  expect(body).toMatchObject({ status, code });
  return body;
}

/** Runs `fn` with a database handle on the test database, closing it after. */
export async function withDb<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = createDb(env);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** A random documentation-range IP, so tests never share a rate-limit bucket by accident. */
export function randomIp(): string {
  const n = crypto.getRandomValues(new Uint8Array(3));
  return `10.${n[0]}.${n[1]}.${n[2]}`;
}

/** Calls the Worker with JSON, a bearer token and a fresh client IP unless given. */
export function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "cf-connecting-ip": options.ip ?? randomIp(), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return call(path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

export interface Account {
  id: string;
  email: string;
  access_token: string;
  refresh_token: string;
}

/** Registers a fresh account and returns it signed in. */
export async function register(role: "rider" | "driver" | "owner", name = `Test ${role}`): Promise<Account> {
  const email = `${role}-${crypto.randomUUID()}@example.test`;
  const res = await api("POST", "/v1/auth/register", { body: { email, password: "correct horse", name, role } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { user: { id: string }; access_token: string; refresh_token: string };
  return { id: body.user.id, email, access_token: body.access_token, refresh_token: body.refresh_token };
}

/** Signs in a demo account (password curbside-demo). */
export async function loginDemo(email: string): Promise<Account> {
  const res = await api("POST", "/v1/auth/login", { body: { email, password: "curbside-demo" } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { user: { id: string }; access_token: string; refresh_token: string };
  return { id: body.user.id, email, access_token: body.access_token, refresh_token: body.refresh_token };
}

/**
 * An access token for the demo admin, signed directly: tests that are not
 * about logging in must not spend the admin's login rate limit.
 */
export async function adminToken(): Promise<string> {
  return signAccessToken({ id: ADMIN.id, role: "admin" }, env.JWT_SIGNING_KEYS);
}
