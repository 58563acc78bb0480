/**
 * The embedded database's wire server under concurrent clients: many
 * connections interleaving parameterized queries, transactions and failing
 * statements each get exactly their own answers, and a connection that dies
 * inside a transaction leaves nothing behind. Randomised; prints its seed.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDb, startEmbeddedDb } from "../../scripts/lib/embedded-db.ts";
import { seeded } from "../../scripts/simulate/random.ts";

let embedded: EmbeddedDb;
beforeAll(async () => {
  embedded = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
  const c = new pg.Client(embedded.url);
  await c.connect();
  await c.query("create table kv (k int primary key, v text not null)");
  await c.end();
}, 60_000);
afterAll(async () => {
  await embedded.stop();
});

describe("the embedded wire server", () => {
  it("keeps concurrent connections' queries, transactions and errors apart", async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
    console.log(`embedded-db concurrency seed: ${seed} (rerun with SEED=${seed})`);
    const random = seeded(seed);
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new pg.Client(embedded.url);
        await c.connect();
        return c;
      }),
    );
    const committed = new Set<number>();
    let nextKey = 1;
    async function work(c: pg.Client, n: number): Promise<void> {
      for (let i = 0; i < 25; i++) {
        const r = random();
        if (r < 0.4) {
          const x = Math.floor(random() * 1e6);
          const { rows } = await c.query<{ y: number }>("select $1::int + 1 as y", [x]);
          expect(rows[0]?.y).toBe(x + 1);
        } else if (r < 0.7) {
          const k = nextKey++;
          await c.query("begin");
          await c.query("insert into kv values ($1, $2)", [k, `client ${n}`]);
          const { rows } = await c.query<{ v: string }>("select v from kv where k = $1", [k]);
          expect(rows[0]?.v).toBe(`client ${n}`);
          await c.query("commit");
          committed.add(k);
        } else if (r < 0.85) {
          // A failing statement inside a transaction, then rollback.
          await c.query("begin");
          await expect(c.query("insert into kv values ($1, null)", [nextKey++])).rejects.toMatchObject({
            code: "23502",
          });
          await expect(c.query("select 1")).rejects.toMatchObject({ code: "25P02" });
          await c.query("rollback");
        } else {
          // A failing parameterized statement outside a transaction.
          await expect(c.query("select $1::int / 0 as boom", [n])).rejects.toMatchObject({ code: "22012" });
          const { rows } = await c.query<{ n: number }>("select $1::int as n", [n]);
          expect(rows[0]?.n).toBe(n);
        }
      }
    }
    await Promise.all(clients.map((c, n) => work(c, n)));
    const [first] = clients;
    if (!first) throw new Error("no clients");
    const { rows } = await first.query<{ k: number }>("select k from kv order by k");
    expect(rows.map((r) => r.k)).toEqual([...committed].sort((x, y) => x - y));
    await Promise.all(clients.map((c) => c.end()));
  });

  it("rolls back what a connection left open when it went away", async () => {
    const dying = new pg.Client(embedded.url);
    dying.on("error", () => {}); // its own socket is about to be destroyed
    await dying.connect();
    await dying.query("begin");
    await dying.query("insert into kv values (-1, 'uncommitted')");
    // Destroy the socket without a Terminate message, as a crashed client would.
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const other = new pg.Client(embedded.url);
    await other.connect();
    const { rows } = await other.query("select count(*)::int as n from kv where k = -1");
    expect(rows[0]?.n).toBe(0);
    await other.end();
  });
});
