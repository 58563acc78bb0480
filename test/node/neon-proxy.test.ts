/**
 * The local stand-in for Neon's proxy, driven by the real Neon serverless
 * driver (`neon()` over HTTP, `Pool` over the websocket) in front of the test
 * database: values arrive as the driver parses them from Neon, batches are
 * all-or-nothing, Postgres errors keep their fields, only loopback is reached.
 */
import { NeonDbError, type NeonQueryFunction, neon, neonConfig, Pool } from "@neondatabase/serverless";
import { sql as dsql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-http";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { type NeonProxy, startNeonProxy } from "../../scripts/lib/neon-proxy.ts";
import { createDb } from "../../src/db/client.ts";
import { decodePoint, decodePolygon } from "../../src/db/geography.ts";

const url = inject("databaseUrl");
const table = `neon_proxy_${Date.now().toString(36)}`;
const things = pgTable(table, { id: integer().primaryKey(), name: text().notNull() });
let proxy: NeonProxy;
let sql: NeonQueryFunction<false, false>;

beforeAll(async () => {
  proxy = await startNeonProxy();
  // What the Worker's createDb does with DB_PROXY.
  neonConfig.fetchEndpoint = () => `http://${proxy.address}/sql`;
  neonConfig.wsProxy = (host, port) => `${proxy.address}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.webSocketConstructor = ws;
  sql = neon(url);
  await sql.query(`create table ${table} (id int primary key, name text not null)`);
});

afterAll(async () => {
  await sql?.query(`drop table if exists ${table}`).catch(() => {});
  await proxy?.stop();
});

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<NeonDbError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NeonDbError);
  return error as NeonDbError;
}

describe("the local Neon proxy over HTTP", () => {
  it("returns values that the driver parses as it does Neon's", async () => {
    const [row] = await sql`
      select 42::int4 as i, 9007199254740993::int8 as big, 1.5::float8 as f, true as b, 'héllo'::text as t,
             '2026-03-04T05:06:07.890Z'::timestamptz as ts, '{"a":[1,{"b":null}]}'::jsonb as j,
             ST_AsText('SRID=4326;POINT(72.5714 23.0225)'::geography) as wkt,
             'SRID=4326;POINT(72.5714 23.0225)'::geography as g,
             array[1,2,3]::int4[] as ints, array['a b', null, 'q"uote', '{x}']::text[] as texts,
             null::text as nothing, '\\x0102ff'::bytea as bytes`;
    expect(row).toEqual({
      i: 42,
      big: "9007199254740993",
      f: 1.5,
      b: true,
      t: "héllo",
      ts: new Date("2026-03-04T05:06:07.890Z"),
      j: { a: [1, { b: null }] },
      wkt: "POINT(72.5714 23.0225)",
      g: expect.any(String),
      ints: [1, 2, 3],
      texts: ["a b", null, 'q"uote', "{x}"],
      nothing: null,
      bytes: Buffer.from([1, 2, 255]),
    });
    expect(decodePoint(String(row?.g))).toEqual({ lat: 23.0225, lng: 72.5714 });
  });

  it("reads stored geography (a city's service area) as PostGIS wrote it", async () => {
    const [row] = await sql`select service_area as g from cities where id = 'ahmedabad'`;
    expect(decodePolygon(String(row?.g))[0]?.[0]).toEqual({ lat: 22.92, lng: 72.47 });
  });

  it("binds parameters the way the driver sends them", async () => {
    const at = new Date("2030-01-02T03:04:05.000Z");
    const result = await sql.query(
      "select $1::int + $2::int as sum, $3::text as t, $4::jsonb as j, $5::timestamptz as d, $6::int[] as arr, $7::text as n",
      [2, 3, "naïve ✓", { k: [1, "x"] }, at, [4, 5], null],
      { fullResults: true },
    );
    expect(result.rows).toEqual([{ sum: 5, t: "naïve ✓", j: { k: [1, "x"] }, d: at, arr: [4, 5], n: null }]);
    expect(result.command).toBe("SELECT");
    expect(result.rowCount).toBe(1);
    expect(result.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ["sum", 23],
      ["t", 25],
      ["j", 3802],
      ["d", 1184],
      ["arr", 1007],
      ["n", 25],
    ]);
  });

  it("runs a batch as one transaction that rolls back entirely when a statement fails", async () => {
    const error = await rejection(
      sql.transaction([
        sql`insert into ${sql.unsafe(table)} (id, name) values (1, 'one')`,
        sql`insert into ${sql.unsafe(table)} (id, name) values (2, 'two')`,
        sql`insert into ${sql.unsafe(table)} (id, name) values (1, 'again')`,
      ]),
    );
    expect(error.code).toBe("23505");
    expect(await sql.query(`select count(*)::int as n from ${table}`)).toEqual([{ n: 0 }]);

    const [inserted, counted] = await sql.transaction([
      sql`insert into ${sql.unsafe(table)} (id, name) values (1, 'one'), (2, 'two')`,
      sql`select count(*)::int as n from ${sql.unsafe(table)}`,
    ]);
    expect(inserted).toEqual([]);
    expect(counted).toEqual([{ n: 2 }]);
  });

  it("honours the batch's isolation level, read-only and deferrable settings", async () => {
    const settings = await sql.transaction(
      [sql`show transaction_isolation`, sql`show transaction_read_only`, sql`show transaction_deferrable`],
      { isolationLevel: "Serializable", readOnly: true, deferrable: true },
    );
    expect(settings).toEqual([
      [{ transaction_isolation: "serializable" }],
      [{ transaction_read_only: "on" }],
      [{ transaction_deferrable: "on" }],
    ]);
    const refused = await rejection(
      sql.transaction([sql`insert into ${sql.unsafe(table)} (id, name) values (99, 'x')`], { readOnly: true }),
    );
    expect(refused.code).toBe("25006");
  });

  it("answers a unique violation with Neon's error fields, which survive drizzle's wrapping", async () => {
    const error = await rejection(sql`insert into ${sql.unsafe(table)} (id, name) values (1, 'dup')`);
    expect(error).toMatchObject({
      code: "23505",
      severity: "ERROR",
      table,
      constraint: `${table}_pkey`,
      detail: "Key (id)=(1) already exists.",
    });
    const syntax = await rejection(sql.query("select from where"));
    expect(syntax.code).toBe("42601");
    expect(syntax.position).toBe("13");

    // What src/routes/me.ts checks: drizzle keeps the driver's error as `cause`.
    const db = drizzle({ client: neon(url) });
    const wrapped = await db
      .insert(things)
      .values({ id: 2, name: "dup" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((wrapped as { cause?: { code?: string } }).cause?.code).toBe("23505");
    const [{ n } = { n: 0 }] = await db.select({ n: dsql<number>`count(*)::int` }).from(things);
    expect(n).toBe(2);
  });

  it("refuses a database that is not on this machine", async () => {
    const error = await rejection(neon("postgres://user:pw@db.example.com:5432/app")`select 1`);
    expect(error.message).toMatch(/not loopback/);
  });

  it("follows Neon's JSON conversions when raw text and array mode are not asked for", async () => {
    const res = await fetch(`http://${proxy.address}/sql`, {
      method: "POST",
      headers: { "Neon-Connection-String": url },
      body: JSON.stringify({
        query:
          "select $1::int as i, $2::bool as b, $3::jsonb as j, $4::int[] as a, 2::int8 as big, 'NaN'::float8 as nan",
        params: [7, true, { x: 1 }, [1, null, 3]],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["rowAsArray", "fields", "rows", "command", "rowCount"]);
    expect(body).toMatchObject({
      rowAsArray: false,
      rows: [{ i: 7, b: true, j: { x: 1 }, a: [1, null, 3], big: "2", nan: "NaN" }],
      command: "SELECT",
      rowCount: 1,
    });
  });
});

describe("the local Neon proxy over the websocket", () => {
  it("carries an interactive transaction to the database", async () => {
    const pool = new Pool({ connectionString: url });
    try {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query(`insert into ${table} (id, name) values (3, 'three')`);
        const { rows } = await client.query<{ name: string }>(`select name from ${table} where id = $1`, [3]);
        expect(rows).toEqual([{ name: "three" }]);
        await client.query("rollback");
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
    expect(await sql.query(`select count(*)::int as n from ${table} where id = 3`)).toEqual([{ n: 0 }]);
  });

  it("closes a websocket aimed at a host that is not loopback", async () => {
    const socket = new ws(`ws://${proxy.address}/v1?address=db.example.com:5432`);
    const code = await new Promise<number>((resolve) => socket.on("close", (c: number) => resolve(c)));
    expect(code).toBe(1008);
  });
});

describe("createDb's handle through the proxy", () => {
  it("queries and batches over HTTP, and runs an interactive transaction on its own Pool", async () => {
    const { db, close } = createDb({ DATABASE_URL: url, DB_PROXY: proxy.address });
    try {
      const [inserted] = await db.batch([
        db.insert(things).values({ id: 10, name: "ten" }).returning(),
        db.insert(things).values({ id: 11, name: "eleven" }).returning(),
      ]);
      expect(inserted).toEqual([{ id: 10, name: "ten" }]);
      // A transaction that throws leaves nothing behind; one that returns commits.
      const failed = await db
        .transaction(async (tx) => {
          await tx.insert(things).values({ id: 12, name: "twelve" });
          throw new Error("changed my mind");
        })
        .catch((e: unknown) => (e as Error).message);
      expect(failed).toBe("changed my mind");
      const name = await db.transaction(async (tx) => {
        await tx.insert(things).values({ id: 13, name: "thirteen" });
        const [row] = await tx.select().from(things).where(dsql`${things.id} = 13`);
        return row?.name;
      });
      expect(name).toBe("thirteen");
      const ids = await db.select({ id: things.id }).from(things).where(dsql`${things.id} >= 10`).orderBy(things.id);
      expect(ids.map((r) => r.id)).toEqual([10, 11, 13]);
    } finally {
      await close();
    }
  });
});
