/** Helpers for tests inside workerd: calling the Worker, reading problems, the database. */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
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
