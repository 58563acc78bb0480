/**
 * Push delivery behind an interface: requests built for FCM HTTP v1
 * (Android and the web) and APNs (iOS), signed with the platform's
 * credentials, sent with a timeout so a provider that hangs fails like one
 * that refuses. Used by the delivery queue (deliveries.ts), never in a
 * ride's or a booking's path.
 *
 * PUSH_API_BASE (npm start and the tests) sends every request — the OAuth
 * token exchange included — to the local stand-in (scripts/notify-standin),
 * which records what it would have delivered; unset, the real hosts.
 */
import { importPKCS8, SignJWT } from "jose";
import { log } from "../log.ts";

export interface PushTarget {
  platform: "android" | "ios" | "web";
  token: string;
}

export interface PushMessage {
  notification_id: string;
  category: string;
  type: string;
  title: string;
  body: string;
  /** Flat string pairs: FCM's `data` takes nothing else. */
  data: Record<string, string>;
}

/** `unregistered`: the token is dead (uninstalled app); forget the device. `skipped`: push is not configured. */
export type PushOutcome = "sent" | "unregistered" | "skipped";

export interface PushProvider {
  /** Resolves with the outcome, or throws when the provider failed and a retry may succeed. */
  send(target: PushTarget, message: PushMessage): Promise<PushOutcome>;
}

export type PushEnv = Partial<
  Pick<
    Env,
    | "FCM_PROJECT_ID"
    | "FCM_CLIENT_EMAIL"
    | "FCM_PRIVATE_KEY"
    | "APNS_KEY_ID"
    | "APNS_TEAM_ID"
    | "APNS_PRIVATE_KEY"
    | "APNS_TOPIC"
    | "PUSH_API_BASE"
  >
>;

/** A push provider that does not answer within this is treated as failed (and retried later). */
export const PUSH_TIMEOUT_MS = 5_000;

const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

function hosts(env: PushEnv) {
  const base = env.PUSH_API_BASE?.replace(/\/$/, "");
  return {
    fcm: base ?? "https://fcm.googleapis.com",
    oauth: base ? `${base}/token` : "https://oauth2.googleapis.com/token",
    apns: base ?? "https://api.push.apple.com",
  };
}

/** The FCM HTTP v1 `messages:send` request for one token. */
export function fcmRequest(base: string, projectId: string, accessToken: string, target: PushTarget, m: PushMessage) {
  const body = {
    message: {
      token: target.token,
      notification: { title: m.title, body: m.body },
      data: { ...m.data, notification_id: m.notification_id, category: m.category, type: m.type },
      android: { priority: "high", notification: { tag: m.notification_id } },
      webpush: { headers: { Urgency: "high" } },
    },
  };
  return new Request(`${base}/v1/projects/${encodeURIComponent(projectId)}/messages:send`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The APNs request for one device token (HTTP/2 on Apple's side; the same request over fetch). */
export function apnsRequest(base: string, topic: string, jwt: string, target: PushTarget, m: PushMessage) {
  const body = {
    aps: { alert: { title: m.title, body: m.body }, sound: "default", "thread-id": m.category },
    ...m.data,
    notification_id: m.notification_id,
    type: m.type,
  };
  return new Request(`${base}/3/device/${encodeURIComponent(target.token)}`, {
    method: "POST",
    headers: {
      authorization: `bearer ${jwt}`,
      "apns-topic": topic,
      "apns-push-type": "alert",
      "apns-priority": "10",
      "apns-id": m.notification_id,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

/** Credentials signed once per isolate and reused until shortly before they expire. */
const cached = new Map<string, { value: string; until: number }>();

async function remembered(key: string, ttlMs: number, make: () => Promise<string>): Promise<string> {
  const hit = cached.get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = await make();
  cached.set(key, { value, until: Date.now() + ttlMs });
  return value;
}

/** A Google OAuth access token for FCM, from the service account's signed assertion. */
async function fcmAccessToken(env: Required<Pick<PushEnv, "FCM_CLIENT_EMAIL" | "FCM_PRIVATE_KEY">>, oauth: string) {
  return remembered(`fcm:${env.FCM_CLIENT_EMAIL}:${oauth}`, 50 * 60_000, async () => {
    const key = await importPKCS8(env.FCM_PRIVATE_KEY.replace(/\\n/g, "\n"), "RS256");
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(env.FCM_CLIENT_EMAIL)
      .setAudience(oauth)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(key);
    const res = await fetch(oauth, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`fcm token exchange failed: ${res.status}`);
    const { access_token } = (await res.json()) as { access_token?: string };
    if (!access_token) throw new Error("fcm token exchange answered no access_token");
    return access_token;
  });
}

/** The APNs provider token (ES256, valid for up to an hour; Apple refuses one refreshed too often). */
async function apnsJwt(env: Required<Pick<PushEnv, "APNS_KEY_ID" | "APNS_TEAM_ID" | "APNS_PRIVATE_KEY">>) {
  return remembered(`apns:${env.APNS_KEY_ID}`, 40 * 60_000, async () => {
    const key = await importPKCS8(env.APNS_PRIVATE_KEY.replace(/\\n/g, "\n"), "ES256");
    return new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: env.APNS_KEY_ID })
      .setIssuer(env.APNS_TEAM_ID)
      .setIssuedAt()
      .sign(key);
  });
}

/** Reads a provider's answer: sent, a dead token, or an error to retry. */
async function outcomeOf(res: Response, platform: string): Promise<PushOutcome> {
  if (res.ok) return "sent";
  const text = await res.text().catch(() => "");
  if (platform === "ios" ? res.status === 410 || text.includes("BadDeviceToken") : text.includes("UNREGISTERED")) {
    return "unregistered";
  }
  throw new Error(`push provider answered ${res.status}`);
}

/** The provider for these credentials: FCM for Android and the web, APNs for iOS; `skipped` where unconfigured. */
export function pushProvider(env: PushEnv): PushProvider {
  const at = hosts(env);
  return {
    async send(target, message) {
      let request: Request;
      if (target.platform === "ios") {
        const { APNS_KEY_ID, APNS_TEAM_ID, APNS_PRIVATE_KEY, APNS_TOPIC } = env;
        if (!APNS_KEY_ID || !APNS_TEAM_ID || !APNS_PRIVATE_KEY || !APNS_TOPIC) return notConfigured(target, message);
        const jwt = await apnsJwt({ APNS_KEY_ID, APNS_TEAM_ID, APNS_PRIVATE_KEY });
        request = apnsRequest(at.apns, APNS_TOPIC, jwt, target, message);
      } else {
        const { FCM_PROJECT_ID, FCM_CLIENT_EMAIL, FCM_PRIVATE_KEY } = env;
        if (!FCM_PROJECT_ID || !FCM_CLIENT_EMAIL || !FCM_PRIVATE_KEY) return notConfigured(target, message);
        const token = await fcmAccessToken({ FCM_CLIENT_EMAIL, FCM_PRIVATE_KEY }, at.oauth);
        request = fcmRequest(at.fcm, FCM_PROJECT_ID, token, target, message);
      }
      // A provider that hangs is cut off here, and the queue tries again later.
      const res = await fetch(request, { signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
      return outcomeOf(res, target.platform);
    },
  };
}

function notConfigured(target: PushTarget, message: PushMessage): PushOutcome {
  log("warn", "push.not_configured", { platform: target.platform, notification: message.notification_id });
  return "skipped";
}
