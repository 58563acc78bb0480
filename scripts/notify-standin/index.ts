/**
 * A local stand-in for the push and email providers, for `npm start` and the
 * tests: the Worker's real request-building code (src/notify/push.ts,
 * email.ts) runs against it with PUSH_API_BASE and EMAIL_API_BASE, and it
 * records what would have been delivered.
 *
 *   POST /token                                   Google OAuth token exchange (FCM's service account)
 *   POST /v1/projects/{project}/messages:send     FCM HTTP v1
 *   POST /3/device/{token}                        APNs
 *   POST /emails                                  {from, to[], subject, text, attachments[]} → an .eml under mailDir
 *   GET  /_standin/requests?token=&to=            what it received, oldest first
 *
 * Push tokens steer it, so tests can watch a provider misbehave: a token
 * starting `fail` is answered 503, `hang` is never answered (until the
 * client gives up), `gone` is an unregistered token (FCM 404 UNREGISTERED,
 * APNs 410).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface NotifyStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where emails are written as .eml files; not written when unset. */
  mailDir?: string | undefined;
  log?: (message: string) => void;
}

export interface RecordedRequest {
  kind: "fcm" | "apns" | "oauth" | "email";
  path: string;
  token: string | null;
  to: string[];
  headers: Record<string, string>;
  body: unknown;
  answered: number | null;
  at: string;
}

export interface NotifyStandin {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function parse(text: string, type: string | undefined): unknown {
  if (type?.includes("application/json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type?.includes("x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

interface EmailBody {
  from?: string;
  to?: string[];
  subject?: string;
  text?: string;
  attachments?: { filename: string; content_type: string; content: string }[];
}

/** The email as RFC 5322 / MIME text: what a mail client opens. */
export function toEml(mail: EmailBody, id: string, date: Date): string {
  const boundary = `curbside-${id}`;
  const lines = [
    `From: ${mail.from ?? ""}`,
    `To: ${(mail.to ?? []).join(", ")}`,
    `Subject: ${mail.subject ?? ""}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${id}@standin.curbside.local>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    mail.text ?? "",
  ];
  for (const a of mail.attachments ?? []) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.content_type}; name="${a.filename}"`,
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${a.filename}"`,
      "",
      ...(a.content.match(/.{1,76}/g) ?? []),
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\r\n");
}

export async function startNotifyStandin(options: NotifyStandinOptions = {}): Promise<NotifyStandin> {
  const log = options.log ?? (() => {});
  const recorded: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://standin");
      if (req.method === "GET" && url.pathname === "/_standin/requests") {
        const token = url.searchParams.get("token");
        const to = url.searchParams.get("to");
        return json(
          res,
          200,
          recorded.filter((r) => (!token || r.token === token) && (!to || r.to.includes(to))),
        );
      }
      if (req.method !== "POST") return json(res, 404, { error: "not found" });
      const text = await readBody(req);
      const body = parse(text, req.headers["content-type"]);
      const headers = Object.fromEntries(
        ["authorization", "apns-topic", "apns-push-type", "apns-priority", "apns-id", "content-type"]
          .filter((h) => req.headers[h] !== undefined)
          .map((h) => [h, String(req.headers[h])]),
      );
      const entry: RecordedRequest = {
        kind: "email",
        path: url.pathname,
        token: null,
        to: [],
        headers,
        body,
        answered: null,
        at: new Date().toISOString(),
      };
      recorded.push(entry);
      const answer = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
        entry.answered = status;
        json(res, status, payload, extra);
      };

      if (url.pathname === "/token") {
        entry.kind = "oauth";
        return answer(200, { access_token: `ya29.standin-${Date.now()}`, expires_in: 3600, token_type: "Bearer" });
      }
      if (url.pathname === "/emails") {
        const mail = body as EmailBody;
        entry.to = mail.to ?? [];
        const id = crypto.randomUUID();
        if (options.mailDir) {
          mkdirSync(options.mailDir, { recursive: true });
          const file = join(options.mailDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.eml`);
          writeFileSync(file, toEml(mail, id, new Date()));
          log(`email to ${entry.to.length} recipient(s) written to ${file}`);
        }
        return answer(200, { id });
      }
      const fcm = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(url.pathname);
      const apns = /^\/3\/device\/([^/]+)$/.exec(url.pathname);
      if (!fcm && !apns) return answer(404, { error: "not found" });
      entry.kind = fcm ? "fcm" : "apns";
      entry.token = fcm
        ? ((body as { message?: { token?: string } }).message?.token ?? null)
        : decodeURIComponent(apns?.[1] ?? "");
      const token = entry.token ?? "";
      if (token.startsWith("hang")) {
        // Never answered: the client's timeout has to cut it off.
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (token.startsWith("fail")) {
        return fcm
          ? answer(503, { error: { code: 503, status: "UNAVAILABLE", message: "stand-in failure" } })
          : answer(503, { reason: "ServiceUnavailable" });
      }
      if (token.startsWith("gone")) {
        return fcm
          ? answer(404, {
              error: {
                code: 404,
                status: "NOT_FOUND",
                details: [
                  { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "UNREGISTERED" },
                ],
              },
            })
          : answer(410, { reason: "Unregistered", timestamp: Date.now() });
      }
      log(`${entry.kind} push recorded`);
      return fcm
        ? answer(200, { name: `projects/${fcm[1]}/messages/${crypto.randomUUID()}` })
        : answer(200, {}, { "apns-id": headers["apns-id"] ?? crypto.randomUUID() });
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
