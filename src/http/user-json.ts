/** The account as the API shows it, and the token answer of login routes. */
import { z } from "@hono/zod-openapi";
import type { UserRow } from "../db/queries/users.ts";
import { userRole, userStatus } from "../db/schema/enums.ts";

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    name: z.string(),
    role: z.enum(userRole.enumValues),
    status: z.enum(userStatus.enumValues),
    referral_code: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("User");

export function userJson(row: UserRow): z.infer<typeof UserSchema> {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    name: row.name,
    role: row.role,
    status: row.status,
    referral_code: row.referralCode,
    created_at: row.createdAt.toISOString(),
  };
}

export const TokensSchema = z
  .object({
    user: UserSchema,
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds until the access token expires." }),
  })
  .openapi("Tokens");
