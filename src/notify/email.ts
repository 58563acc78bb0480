/**
 * Email behind an interface, the way sms.ts does SMS: a message with
 * optional attachments, sent as JSON to the email provider's HTTP API at
 * EMAIL_API_BASE (`POST /emails`). Locally that is the stand-in
 * (scripts/notify-standin), which writes each message as an `.eml` file
 * under .data/mail; unset, email is skipped and logged, never its content.
 */
import { log } from "../log.ts";

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: EmailAttachment[];
}

export interface EmailProvider {
  /** Resolves once the provider took the message; throws when a retry may succeed. */
  send(message: EmailMessage): Promise<"sent" | "skipped">;
}

/** An email provider that does not answer within this is treated as failed (and retried later). */
const EMAIL_TIMEOUT_MS = 10_000;

/** Standard base64 (with padding), as MIME and email APIs take attachments. */
function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function emailProvider(env: Partial<Pick<Env, "EMAIL_API_BASE" | "EMAIL_FROM">>): EmailProvider {
  return {
    async send(message) {
      if (!env.EMAIL_API_BASE || !env.EMAIL_FROM) {
        log("warn", "email.not_configured", { attachments: message.attachments?.length ?? 0 });
        return "skipped";
      }
      const res = await fetch(`${env.EMAIL_API_BASE.replace(/\/$/, "")}/emails`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          from: env.EMAIL_FROM,
          to: [message.to],
          subject: message.subject,
          text: message.text,
          attachments: (message.attachments ?? []).map((a) => ({
            filename: a.filename,
            content_type: a.contentType,
            content: base64(a.content),
          })),
        }),
        signal: AbortSignal.timeout(EMAIL_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`email provider answered ${res.status}`);
      return "sent";
    },
  };
}
