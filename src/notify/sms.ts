/**
 * SMS delivery behind an interface: a real provider (Twilio, MSG91, …)
 * plugs in here in production; locally and in tests the log provider
 * writes the message to the log instead of a phone.
 */
import { log } from "../log.ts";

export interface SmsProvider {
  send(to: string, text: string): Promise<void>;
}

/**
 * Writes each SMS as a log line (`sms.sent`), with the number and the text,
 * so a developer can read a login code. Never use where real phones must be
 * reached, and never in production: the text holds the code.
 */
export const logSmsProvider: SmsProvider = {
  async send(to, text) {
    log("info", "sms.sent", { provider: "log", to, text });
  },
};

/**
 * Production's stand-in until a provider is configured: it logs that a
 * message was due, never its text (a login code) or the whole number.
 */
const redactedSmsProvider: SmsProvider = {
  async send(to, text) {
    log("warn", "sms.not_sent", { provider: "none", to: maskPhone(to), length: text.length });
  },
};

/** `+919812345678` → `+91******78`: enough to tell numbers apart in a log, not to dial one. */
function maskPhone(phone: string): string {
  return phone.length <= 5
    ? "*".repeat(phone.length)
    : `${phone.slice(0, 3)}${"*".repeat(phone.length - 5)}${phone.slice(-2)}`;
}

/** The provider for this environment: in production no message text is ever logged. */
export function smsProvider(env: { ENVIRONMENT: string }): SmsProvider {
  return env.ENVIRONMENT === "production" ? redactedSmsProvider : logSmsProvider;
}
