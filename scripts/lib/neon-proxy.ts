/**
 * A stand-in for Neon's proxy, for `npm start`, the tests and the benchmarks.
 * The Worker's Neon driver reaches it through DB_PROXY (`127.0.0.1:PORT`) and
 * speaks both of Neon's protocols to it, on one port:
 *
 * - `GET /v1?address=host:port` upgraded to a websocket: the Postgres wire
 *   protocol, piped to a TCP Postgres on this machine (the driver's `Pool`
 *   and `Client`, used for interactive transactions);
 * - `POST /sql`: Neon's HTTP SQL endpoint (the driver's `neon()`), answered
 *   from a `pg` pool per connection string that stays open, so no query pays
 *   a connection start-up. Request, headers, response and errors follow
 *   Neon's proxy (proxy/src/serverless/sql_over_http.rs and json.rs in
 *   neondatabase/neon): values go back as Postgres text and the driver runs
 *   its own type parsers, as it does against Neon.
 *
 * Only loopback targets are accepted. Used by scripts/lib/database.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect } from "node:net";
import pg from "pg";
import { type WebSocket, WebSocketServer } from "ws";

export interface NeonProxy {
  /** The value of the Worker's DB_PROXY: `127.0.0.1:PORT`. */
  address: string;
  port: number;
  stop(): Promise<void>;
}

export interface NeonProxyOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Connections each HTTP pool keeps open to a database (default 10). */
  maxConnections?: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
// Neon's defaults for the HTTP endpoint.
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export async function startNeonProxy(options: NeonProxyOptions = {}): Promise<NeonProxy> {
  const pools = new HttpPools(options.maxConnections ?? 10);
  const server = createServer((req, res) => {
    handleHttp(req, res, pools).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `local Neon proxy: ${String(error)}` });
      else res.destroy();
    });
  });
  // workerd keeps its HTTP connections to the proxy open between queries; Node's 5 s default
  // closed them while workerd still reused them, failing 10–15 queries at once under load.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  const wss = new WebSocketServer({ server, path: "/v1" });
  wss.on("connection", pipeToPostgres);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await pools.end();
    },
  };
}

// ---------------------------------------------------------------------------
// The websocket path: Postgres wire protocol over a websocket, piped to TCP.

function pipeToPostgres(ws: WebSocket, req: IncomingMessage): void {
  const address = new URL(req.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at);
  const targetPort = Number(address.slice(at + 1));
  if (at < 0 || !LOOPBACK.has(host) || !Number.isInteger(targetPort)) {
    ws.close(1008, "address must be a loopback host:port");
    return;
  }
  const tcp = connect({ host: host.replace(/^\[|\]$/g, ""), port: targetPort });
  tcp.setNoDelay(true);
  const pending: Buffer[] = [];
  let open = false;
  tcp.on("connect", () => {
    open = true;
    for (const chunk of pending) tcp.write(chunk);
    pending.length = 0;
  });
  ws.on("message", (data) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (open) tcp.write(chunk);
    else pending.push(chunk);
  });
  tcp.on("data", (chunk) => ws.send(chunk));
  tcp.on("close", () => ws.close());
  tcp.on("error", () => ws.close(1011, "database connection failed"));
  ws.on("close", () => tcp.destroy());
  ws.on("error", () => tcp.destroy());
}

// ---------------------------------------------------------------------------
// The HTTP path: Neon's SQL-over-HTTP endpoint.

/** A failure the proxy answers itself (bad request, bad target), as Neon words it. */
class ProxyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** One statement of a request: `{query, params?, arrayMode?}`. */
interface QueryData {
  query: string;
  params: (string | null)[];
  arrayMode: boolean | undefined;
}

/** The request headers Neon's endpoint reads (`Neon-*`). */
interface SqlHeaders {
  rawTextOutput: boolean;
  arrayMode: boolean;
  isolationLevel: string | undefined;
  readOnly: boolean;
  deferrable: boolean;
}

/** A field as Neon describes it. */
interface NeonField {
  name: string;
  dataTypeID: number;
  tableID: number;
  columnID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: "text";
}

/** One statement's answer, in Neon's key order. */
interface NeonResult {
  rowAsArray: boolean;
  fields: NeonField[];
  rows: unknown[];
  command: string;
  rowCount: number | null;
}

const ISOLATION_LEVELS: Record<string, string> = {
  Serializable: "SERIALIZABLE",
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
};

async function handleHttp(req: IncomingMessage, res: ServerResponse, pools: HttpPools): Promise<void> {
  const path = new URL(req.url ?? "/", "http://proxy").pathname;
  if (path !== "/sql") return send(res, 404, { message: "not found: the local Neon proxy serves POST /sql and /v1" });
  if (req.method !== "POST") return send(res, 405, { message: "method not allowed" });
  try {
    const headers = sqlHeaders(req);
    const target = pools.get(header(req, "neon-connection-string"));
    const payload = parsePayload(await readBody(req));
    // Loaded before any transaction starts: the embedded database serves one connection at a time.
    const arrays = headers.rawTextOutput ? undefined : await target.arrayElements();
    let answer: NeonResult | { results: NeonResult[] };
    const extra: Record<string, string> = {};
    if ("queries" in payload) {
      answer = { results: await runBatch(target.pool, payload.queries, headers, arrays) };
      if (headers.readOnly) extra["Neon-Batch-Read-Only"] = "true";
      if (headers.deferrable) extra["Neon-Batch-Deferrable"] = "true";
      if (headers.isolationLevel) extra["Neon-Batch-Isolation-Level"] = headers.isolationLevel;
    } else {
      answer = await runQuery(target.pool, payload, headers, arrays);
    }
    const json = JSON.stringify(answer);
    if (Buffer.byteLength(json) > MAX_RESPONSE_BYTES) {
      throw new ProxyError(507, `response is too large (max is ${MAX_RESPONSE_BYTES} bytes)`);
    }
    send(res, 200, json, extra);
  } catch (error) {
    const [status, body] = errorResponse(error);
    send(res, status, body);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sqlHeaders(req: IncomingMessage): SqlHeaders {
  // As Neon: anything but exactly `true` is false.
  const level = header(req, "neon-batch-isolation-level");
  if (level !== undefined && !(level in ISOLATION_LEVELS)) throw new ProxyError(400, "invalid isolation level");
  return {
    rawTextOutput: header(req, "neon-raw-text-output") === "true",
    arrayMode: header(req, "neon-array-mode") === "true",
    isolationLevel: level,
    readOnly: header(req, "neon-batch-read-only") === "true",
    deferrable: header(req, "neon-batch-deferrable") === "true",
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new ProxyError(413, `request is too large (max is ${MAX_REQUEST_BYTES} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** `{query, params, arrayMode}` or `{queries: [...]}`, checked as Neon's serde types check them. */
function parsePayload(body: string): QueryData | { queries: QueryData[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ProxyError(400, `could not parse the HTTP request body: ${(error as Error).message}`);
  }
  if (isObject(json) && "query" in json) return queryData(json);
  if (isObject(json) && Array.isArray(json.queries)) return { queries: json.queries.map(queryData) };
  throw new ProxyError(400, "could not parse the HTTP request body: expected {query, params} or {queries: [...]}");
}

function queryData(value: unknown): QueryData {
  const bad = (why: string) => new ProxyError(400, `could not parse the HTTP request body: ${why}`);
  if (!isObject(value) || typeof value.query !== "string") throw bad("`query` must be a string");
  const params = value.params ?? [];
  if (!Array.isArray(params)) throw bad("`params` must be an array");
  if (value.arrayMode !== undefined && typeof value.arrayMode !== "boolean") throw bad("`arrayMode` must be a boolean");
  // serde_json refuses unpaired surrogates in strings, so Neon answers 400 for them.
  if (!wellFormed(value.query) || !params.every(wellFormed)) throw bad("lone surrogate in hex escape");
  return { query: value.query, params: params.map(paramText), arrayMode: value.arrayMode };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function wellFormed(value: unknown): boolean {
  if (typeof value === "string") return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (isObject(value)) return Object.entries(value).every(([k, v]) => wellFormed(k) && wellFormed(v));
  return true;
}

/** A JSON parameter as Postgres text, as Neon converts it (json.rs `json_to_pg_text`). */
function paramText(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

function arrayLiteral(value: unknown): string {
  if (value === null) return "NULL";
  if (Array.isArray(value)) return `{${value.map(arrayLiteral).join(",")}}`;
  if (isObject(value)) return JSON.stringify(JSON.stringify(value));
  return JSON.stringify(value);
}

/** Values come back as Postgres sent them (text); the driver parses them. */
const RAW_TEXT: pg.CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as unknown as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Runs one statement. `arrays` (array type → element type) is there when the
 * output is not raw text, for turning values into JSON as Neon does.
 */
async function runQuery(
  client: pg.Pool | pg.PoolClient,
  data: QueryData,
  headers: SqlHeaders,
  arrays: Map<number, number> | undefined,
): Promise<NeonResult> {
  // Neon runs every statement through the extended protocol (one statement, text parameters).
  const config: pg.QueryArrayConfig & { queryMode: "extended" } = {
    text: data.query,
    values: data.params,
    rowMode: "array",
    types: RAW_TEXT,
    queryMode: "extended",
  };
  const result = await client.query(config);
  const arrayMode = data.arrayMode ?? headers.arrayMode;
  const fields: NeonField[] = result.fields.map((f) => ({
    name: f.name,
    dataTypeID: f.dataTypeID,
    tableID: f.tableID,
    columnID: f.columnID,
    dataTypeSize: f.dataTypeSize,
    dataTypeModifier: f.dataTypeModifier,
    format: "text",
  }));
  const rows = (result.rows as (string | null)[][]).map((row) => {
    const values = arrays
      ? row.map((v, i) => (v === null ? null : textToJson(v, fields[i]?.dataTypeID ?? 0, arrays)))
      : row;
    return arrayMode ? values : Object.fromEntries(fields.map((f, i) => [f.name, values[i] ?? null]));
  });
  return { rowAsArray: arrayMode, fields, rows, command: result.command ?? "", rowCount: result.rowCount };
}

/** `{queries}`: one transaction, committed if every statement succeeds, else rolled back. */
async function runBatch(
  pool: pg.Pool,
  queries: QueryData[],
  headers: SqlHeaders,
  arrays: Map<number, number> | undefined,
): Promise<NeonResult[]> {
  const client = await pool.connect();
  let broken = false;
  try {
    // As tokio-postgres's TransactionBuilder writes it.
    const modes: string[] = [];
    if (headers.isolationLevel) modes.push(` ISOLATION LEVEL ${ISOLATION_LEVELS[headers.isolationLevel]}`);
    if (headers.readOnly) modes.push(" READ ONLY");
    if (headers.deferrable) modes.push(" DEFERRABLE");
    try {
      await client.query(`START TRANSACTION${modes.join(",")}`);
    } catch (error) {
      broken = true;
      throw error;
    }
    const results: NeonResult[] = [];
    try {
      for (const query of queries) results.push(await runQuery(client, query, headers, arrays));
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    }
    try {
      await client.query("COMMIT");
    } catch (error) {
      broken = true;
      throw error;
    }
    return results;
  } finally {
    client.release(broken);
  }
}

/** The status and JSON body Neon answers a failure with. */
function errorResponse(error: unknown): [number, Record<string, unknown>] {
  const db = error instanceof pg.DatabaseError ? error : undefined;
  const status = db ? 400 : error instanceof ProxyError ? error.status : 500;
  const message = error instanceof Error ? error.message : String(error);
  return [
    status,
    {
      message,
      code: db?.code ?? "",
      detail: db?.detail ?? null,
      hint: db?.hint ?? null,
      position: db?.position ?? null,
      internalPosition: db?.internalPosition ?? null,
      internalQuery: db?.internalQuery ?? null,
      severity: db?.severity ?? "",
      where: db?.where ?? null,
      table: db?.table ?? null,
      column: db?.column ?? null,
      schema: db?.schema ?? null,
      dataType: db?.dataType ?? null,
      constraint: db?.constraint ?? null,
      file: db?.file ?? null,
      line: db?.line ?? null,
      routine: db?.routine ?? null,
    },
  ];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Access-Control-Allow-Origin": "*",
    "Content-Length": Buffer.byteLength(json),
    ...headers,
  });
  res.end(json);
}

// ---------------------------------------------------------------------------
// Pools: one per connection string, kept open.

interface PoolEntry {
  pool: pg.Pool;
  /** Array type OID → element type OID, for output that is not raw text. */
  arrayElements(): Promise<Map<number, number>>;
}

class HttpPools {
  readonly #pools = new Map<string, PoolEntry>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** The pool for a `Neon-Connection-String`; refuses anything but a loopback Postgres. */
  get(connectionString: string | undefined): PoolEntry {
    if (!connectionString) throw new ProxyError(400, "invalid header: neon-connection-string");
    const known = this.#pools.get(connectionString);
    if (known) return known;
    let url: URL;
    try {
      url = new URL(connectionString);
    } catch (error) {
      throw new ProxyError(400, `invalid connection string: ${(error as Error).message}`);
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new ProxyError(400, "incorrect scheme");
    if (!url.hostname) throw new ProxyError(400, "missing hostname");
    if (!LOOPBACK.has(url.hostname)) {
      throw new ProxyError(
        400,
        `invalid hostname: ${url.hostname} is not loopback; this local proxy reaches only this machine`,
      );
    }
    // TLS is between the client and Neon's proxy, not the proxy's business with the database.
    url.searchParams.delete("sslmode");
    url.searchParams.delete("channel_binding");
    const pool = new pg.Pool({ connectionString: url.href, max: this.#max, idleTimeoutMillis: 0 });
    // An idle connection's error (the database restarting) must not crash the proxy.
    pool.on("error", () => {});
    let elements: Promise<Map<number, number>> | undefined;
    const entry: PoolEntry = {
      pool,
      arrayElements: () => {
        elements ??= pool
          .query<{ oid: number; elem: number }>(
            "select oid::int4 as oid, typelem::int4 as elem from pg_type where typcategory = 'A' and typelem <> 0",
          )
          .then((r) => new Map(r.rows.map((row) => [row.oid, row.elem])));
        elements.catch(() => {
          elements = undefined;
        });
        return elements;
      },
    };
    this.#pools.set(connectionString, entry);
    return entry;
  }

  async end(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.pool.end().catch(() => {})));
  }
}

// ---------------------------------------------------------------------------
// Output that is not raw text (Neon-Raw-Text-Output absent): json.rs `pg_text_to_json`.

const BOOL = 16;
const INT2 = 21;
const INT4 = 23;
const FLOAT4 = 700;
const FLOAT8 = 701;
const JSON_OID = 114;
const JSONB = 3802;

function textToJson(value: string, type: number, arrays: Map<number, number>): unknown {
  const element = arrays.get(type);
  if (element !== undefined) return parseArray(value, element, arrays);
  switch (type) {
    case BOOL:
      return value === "t";
    case INT2:
    case INT4:
      return Number.parseInt(value, 10);
    case FLOAT4:
    case FLOAT8: {
      // NaN and the infinities stay strings, as JSON has no such numbers.
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case JSON_OID:
    case JSONB:
      return JSON.parse(value);
    default:
      return value;
  }
}

/** A Postgres array's text (`{1,"a b",NULL,{2}}`, maybe with `[1:2]=` bounds) as nested JSON arrays. */
function parseArray(text: string, element: number, arrays: Map<number, number>): unknown[] {
  let s = text;
  if (s.startsWith("[")) {
    const eq = s.indexOf("=");
    if (eq < 0) throw new Error("unbalanced array");
    s = s.slice(eq + 1);
  }
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i] ?? "")) i++;
  };
  const list = (): unknown[] => {
    if (s[i] !== "{") throw new Error("unbalanced array");
    i++;
    const out: unknown[] = [];
    skipSpace();
    if (s[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (s[i] === "{") {
        out.push(list());
      } else if (s[i] === '"') {
        i++;
        let item = "";
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\") i++;
          item += s[i] ?? "";
          i++;
        }
        if (s[i] !== '"') throw new Error("unbalanced quoted string");
        i++;
        out.push(textToJson(item, element, arrays));
      } else {
        const start = i;
        while (i < s.length && s[i] !== "," && s[i] !== "}") i++;
        const item = s.slice(start, i).trimEnd();
        out.push(item === "NULL" ? null : textToJson(item, element, arrays));
      }
      skipSpace();
      if (s[i] === ",") {
        i++;
        continue;
      }
      if (s[i] !== "}") throw new Error("unbalanced array");
      i++;
      return out;
    }
  };
  skipSpace();
  const result = list();
  skipSpace();
  if (i !== s.length) throw new Error("unbalanced array");
  return result;
}
