/**
 * SMS delivery behind an interface: a real provider (Twilio, MSG91, …)
 * plugs in here in production; locally and in tests the log provider
 * writes the message to the log instead of a phone.
 */
import { log } from "../log.ts";

export interface SmsProvider {
  send(to: string, text: string): Promise<void>;
}

/** Writes each SMS as a log line (`sms.sent`). Never use where real phones must be reached. */
export const logSmsProvider: SmsProvider = {
  async send(to, text) {
    log("info", "sms.sent", { provider: "log", to, text });
  },
};

/** The provider for this environment. Only the log provider exists so far. */
export function smsProvider(_env: { ENVIRONMENT: string }): SmsProvider {
  return logSmsProvider;
}
