/**
 * Sign-up, sign-in and sessions. Mounted at /v1/auth.
 *
 *   POST /v1/auth/register     {email, password, name, phone?, role} → 201 tokens
 *   POST /v1/auth/login        {email, password} → tokens
 *   POST /v1/auth/otp/send     {phone, country_code, role} → {otp_id, expires_in}
 *   POST /v1/auth/otp/verify   {otp_id, code} → tokens + is_new_user
 *   POST /v1/auth/refresh      {refresh_token} → tokens (rotated)
 *   POST /v1/auth/logout       {refresh_token} → 204
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { createChallenge, verifyChallenge } from "../auth/otp.ts";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../auth/password.ts";
import { endSession, rotateSession, startSession } from "../auth/sessions.ts";
import { createUser, userByEmail, userById, userByPhone } from "../db/queries/users.ts";
import { userRole } from "../db/schema/enums.ts";
import { RATE_RULES } from "../domain/rate-limit.ts";
import type { AppEnv } from "../env.ts";
import { publicSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { clientIp, enforceRateLimit } from "../http/rate-limit.ts";
import { jsonBody, problemResponses } from "../http/schemas.ts";
import { TokensSchema, userJson } from "../http/user-json.ts";
import { smsProvider } from "../notify/sms.ts";

const Email = z.email().max(254).openapi({ example: "rider1@curbside.test" });
const Password = z.string().min(8).max(256).openapi({ example: "curbside-demo" });
const SelfRole = z
  .enum(userRole.enumValues)
  .exclude(["admin"])
  .openapi({ description: "Admins are never self-registered." });
const Phone = z.string().regex(/^\d{6,14}$/, "digits only, without the country code");
const CountryCode = z.string().regex(/^\+\d{1,4}$/, "like +91");
const E164 = z.string().regex(/^\+\d{7,15}$/, "E.164, like +919484707535");

const tokensResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: TokensSchema } },
});

/** Computed once per isolate: unknown emails are checked against it so they cost as much as a wrong password. */
let dummyHash: Promise<string> | undefined;

function invalidCredentials(): never {
  throw new ProblemError(401, "invalid_credentials", "The email or password is wrong.");
}

export const authRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/register",
      operationId: "register",
      tags: ["Auth"],
      summary: "Create an account with email and password",
      security: publicSecurity,
      request: {
        body: jsonBody(
          z.object({
            email: Email,
            password: Password,
            name: z.string().trim().min(1).max(100),
            phone: E164.optional(),
            role: SelfRole,
          }),
        ),
      },
      responses: { 201: tokensResponse("The new account, signed in"), ...problemResponses(400, 409, 429) },
    }),
    async (c) => {
      await enforceRateLimit(c, `ip:${clientIp(c)}`, [RATE_RULES.authIp]);
      const body = c.req.valid("json");
      const db = c.var.db();
      const user = await createUser(db, {
        email: body.email,
        phone: body.phone ?? null,
        name: body.name,
        role: body.role,
        passwordHash: await hashPassword(body.password),
      });
      if (!user) throw new ProblemError(409, "account_exists", "An account with this email or phone already exists.");
      const tokens = await startSession(db, user, c.env.JWT_SIGNING_KEYS);
      return c.json({ user: userJson(user), ...tokens }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      operationId: "login",
      tags: ["Auth"],
      summary: "Sign in with email and password",
      security: publicSecurity,
      request: { body: jsonBody(z.object({ email: Email, password: z.string().min(1).max(256) })) },
      responses: { 200: tokensResponse("Signed in"), ...problemResponses(400, 401, 429) },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      await enforceRateLimit(c, `ip:${clientIp(c)}`, [RATE_RULES.authIp]);
      await enforceRateLimit(c, `email:${email.toLowerCase()}`, [RATE_RULES.loginEmail]);
      const db = c.var.db();
      const user = await userByEmail(db, email);
      if (!user?.passwordHash) {
        dummyHash ??= hashPassword("not a real password", PBKDF2_ITERATIONS);
        await verifyPassword(password, await dummyHash);
        invalidCredentials();
      }
      if (!(await verifyPassword(password, user.passwordHash))) invalidCredentials();
      if (user.status !== "active") throw new ProblemError(403, "account_suspended", "This account is not active.");
      const tokens = await startSession(db, user, c.env.JWT_SIGNING_KEYS);
      return c.json({ user: userJson(user), ...tokens }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/otp/send",
      operationId: "sendOtp",
      tags: ["Auth"],
      summary: "Send a login code by SMS",
      description: "Codes are 6 digits, valid 5 minutes, 5 attempts. Limited per phone and per IP.",
      security: publicSecurity,
      request: { body: jsonBody(z.object({ phone: Phone, country_code: CountryCode, role: SelfRole })) },
      responses: {
        200: {
          description: "The code is on its way",
          content: {
            "application/json": {
              schema: z.object({
                otp_id: z.uuid(),
                expires_in: z.number().int(),
                dev_code: z.string().optional().openapi({ description: "Outside production with OTP_ECHO only." }),
              }),
            },
          },
        },
        ...problemResponses(400, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const phone = `${body.country_code}${body.phone}`;
      const ip = clientIp(c);
      await enforceRateLimit(c, `ip:${ip}`, [RATE_RULES.otpSendIp]);
      await enforceRateLimit(c, `phone:${phone}`, [RATE_RULES.otpSendPhone]);
      const challenge = await createChallenge(c.var.db(), { phone, role: body.role, ip });
      await smsProvider(c.env).send(phone, `Your Curbside code is ${challenge.code}. It expires in 5 minutes.`);
      const echo = c.env.ENVIRONMENT !== "production" && c.env.OTP_ECHO === "true";
      return c.json(
        { otp_id: challenge.id, expires_in: challenge.expiresIn, ...(echo ? { dev_code: challenge.code } : {}) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/otp/verify",
      operationId: "verifyOtp",
      tags: ["Auth"],
      summary: "Sign in (or sign up) with a login code",
      security: publicSecurity,
      request: { body: jsonBody(z.object({ otp_id: z.uuid(), code: z.string().regex(/^\d{6}$/, "6 digits") })) },
      responses: {
        200: {
          description: "Signed in; `is_new_user` when the account was created now",
          content: { "application/json": { schema: TokensSchema.extend({ is_new_user: z.boolean() }) } },
        },
        ...problemResponses(400, 403, 404, 410, 429),
      },
    }),
    async (c) => {
      const { otp_id, code } = c.req.valid("json");
      await enforceRateLimit(c, `ip:${clientIp(c)}`, [RATE_RULES.otpVerifyIp]);
      const db = c.var.db();
      const result = await verifyChallenge(db, otp_id, code);
      if (!result.ok) {
        switch (result.reason) {
          case "not_found":
            throw new ProblemError(404, "otp_not_found", "No such code was sent.");
          case "expired":
            throw new ProblemError(410, "otp_expired", "The code has expired; ask for a new one.");
          case "used":
            throw new ProblemError(410, "otp_used", "The code was already used; ask for a new one.");
          case "locked":
            throw new ProblemError(429, "otp_locked", "Too many wrong codes; ask for a new one.");
          case "wrong_code":
            throw new ProblemError(400, "otp_invalid", `The code is wrong; ${result.attemptsLeft} attempts left.`);
        }
      }
      let user = await userByPhone(db, result.phone);
      let isNewUser = false;
      if (!user) {
        user =
          (await createUser(db, { phone: result.phone, name: "", role: result.role })) ??
          (await userByPhone(db, result.phone));
        isNewUser = true;
      }
      if (!user) throw new Error("account vanished after creation");
      if (user.status !== "active") throw new ProblemError(403, "account_suspended", "This account is not active.");
      const tokens = await startSession(db, user, c.env.JWT_SIGNING_KEYS);
      return c.json({ user: userJson(user), ...tokens, is_new_user: isNewUser }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/refresh",
      operationId: "refreshTokens",
      tags: ["Auth"],
      summary: "Trade a refresh token for a new pair",
      description:
        "Every refresh token works once. Presenting a used one again revokes every token of its session (family).",
      security: publicSecurity,
      request: { body: jsonBody(z.object({ refresh_token: z.string().min(10).max(200) })) },
      responses: { 200: tokensResponse("A new pair"), ...problemResponses(400, 401, 429) },
    }),
    async (c) => {
      await enforceRateLimit(c, `ip:${clientIp(c)}`, [RATE_RULES.authIp]);
      const db = c.var.db();
      const result = await rotateSession(db, c.req.valid("json").refresh_token, c.env.JWT_SIGNING_KEYS);
      if (!result.ok) {
        const detail = {
          invalid: "The refresh token is not valid.",
          expired: "The refresh token has expired; sign in again.",
          reused: "The refresh token was already used; the session has been revoked. Sign in again.",
          revoked: "The session has been revoked; sign in again.",
        }[result.reason];
        throw new ProblemError(401, `refresh_token_${result.reason}`, detail);
      }
      const user = await userById(db, result.userId);
      if (!user) throw new ProblemError(401, "refresh_token_revoked", "The account no longer exists.");
      return c.json({ user: userJson(user), ...result.tokens }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/logout",
      operationId: "logout",
      tags: ["Auth"],
      summary: "End a session",
      description: "Revokes the refresh token's whole session. Access tokens already issued expire within 15 minutes.",
      security: publicSecurity,
      request: { body: jsonBody(z.object({ refresh_token: z.string().min(10).max(200) })) },
      responses: { 204: { description: "Signed out" }, ...problemResponses(400) },
    }),
    async (c) => {
      await endSession(c.var.db(), c.req.valid("json").refresh_token);
      return c.body(null, 204);
    },
  );
