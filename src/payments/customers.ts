/**
 * A user's customer at the card provider, created on first need, and their
 * saved cards: a SetupIntent to add one (the app confirms it; card data
 * never reaches Curbside), the list, removal, and the default card that
 * rides and tips are charged to.
 */
import { sha256Hex } from "../auth/encoding.ts";
import { profileOf, saveProfile } from "../db/queries/payments.ts";
import { userById } from "../db/queries/users.ts";
import { ProblemError } from "../http/problem.ts";
import { log } from "../log.ts";
import type { PaymentContext } from "./context.ts";
import { ProviderRefused, type SavedMethod } from "./provider.ts";

/** The user's customer id, created at the provider the first time (idempotently: a race creates one). */
export async function customerOf(ctx: PaymentContext, userId: string): Promise<string> {
  const profile = await profileOf(ctx.db, userId);
  if (profile?.customerId) return profile.customerId;
  const user = await userById(ctx.db, userId);
  if (!user) throw new ProblemError(404, "user_not_found", "No such user.");
  // Keyed by the user, their customers so far (a forgotten customer is replaced by a new one, not
  // replayed) and what is sent: the provider refuses a key reused with other parameters, as after
  // the user changed their name between two attempts.
  const details = { id: user.id, email: user.email, name: user.name };
  const sent = (await sha256Hex(JSON.stringify(details))).slice(0, 16);
  const customerId = await ctx.provider.createCustomer(
    details,
    `customer:${user.id}:${profile?.updatedAt.getTime() ?? 0}:${sent}`,
  );
  await saveProfile(ctx.db, userId, { customerId });
  return customerId;
}

/** Whether the provider answered that the object does not exist (another account's customer, a wiped test mode). */
function missing(error: unknown): boolean {
  return error instanceof ProviderRefused && error.code === "resource_missing";
}

/** Forgets a customer the provider no longer knows, so the next call makes a new one. */
async function forgetCustomer(ctx: PaymentContext, userId: string): Promise<void> {
  log("warn", "payments.customer_missing", { user: userId });
  await saveProfile(ctx.db, userId, { customerId: null, defaultPaymentMethodId: null });
}

export async function startSetup(ctx: PaymentContext, userId: string) {
  for (let attempt = 0; ; attempt++) {
    const customerId = await customerOf(ctx, userId);
    try {
      const intent = await ctx.provider.createSetupIntent(customerId, userId);
      return { setupIntentId: intent.id, clientSecret: intent.clientSecret, customerId };
    } catch (error) {
      if (!missing(error) || attempt > 0) throw error;
      await forgetCustomer(ctx, userId);
    }
  }
}

export interface MethodView extends SavedMethod {
  isDefault: boolean;
}

/** The user's saved cards; the first saved becomes the default when none is set. */
export async function methodsOf(ctx: PaymentContext, userId: string): Promise<MethodView[]> {
  const profile = await profileOf(ctx.db, userId);
  if (!profile?.customerId) return [];
  let methods: SavedMethod[];
  try {
    methods = await ctx.provider.listMethods(profile.customerId);
  } catch (error) {
    if (!missing(error)) throw error;
    await forgetCustomer(ctx, userId);
    return [];
  }
  let defaultId = profile.defaultPaymentMethodId;
  if (!methods.some((m) => m.id === defaultId)) {
    defaultId = methods[0]?.id ?? null;
    if (defaultId !== profile.defaultPaymentMethodId) {
      await saveProfile(ctx.db, userId, { defaultPaymentMethodId: defaultId });
    }
  }
  return methods.map((m) => ({ ...m, isDefault: m.id === defaultId }));
}

/** One of the user's saved cards, or 404: another user's card is as unknown as a card that does not exist. */
async function ownMethod(ctx: PaymentContext, userId: string, methodId: string): Promise<SavedMethod> {
  const profile = await profileOf(ctx.db, userId);
  const method = profile?.customerId ? await ctx.provider.method(methodId) : null;
  if (!method || method.customerId !== profile?.customerId) {
    throw new ProblemError(404, "payment_method_not_found", "No such saved payment method.");
  }
  return method;
}

export async function removeMethod(ctx: PaymentContext, userId: string, methodId: string): Promise<void> {
  await ownMethod(ctx, userId, methodId);
  await ctx.provider.detachMethod(methodId);
  const profile = await profileOf(ctx.db, userId);
  if (profile?.defaultPaymentMethodId === methodId) await saveProfile(ctx.db, userId, { defaultPaymentMethodId: null });
}

export async function makeDefault(ctx: PaymentContext, userId: string, methodId: string): Promise<void> {
  await ownMethod(ctx, userId, methodId);
  await saveProfile(ctx.db, userId, { defaultPaymentMethodId: methodId });
}

/** The customer and card a charge goes to, or 422 `payment_method_required`. */
export async function chargeableCard(
  ctx: PaymentContext,
  userId: string,
): Promise<{ customerId: string; methodId: string }> {
  let profile = await profileOf(ctx.db, userId);
  if (profile?.customerId && !profile.defaultPaymentMethodId) {
    await methodsOf(ctx, userId); // picks the first saved card as the default
    profile = await profileOf(ctx.db, userId);
  }
  if (!profile?.customerId || !profile.defaultPaymentMethodId) {
    throw new ProblemError(
      422,
      "payment_method_required",
      "Save a card first (POST /v1/payments/setup-intents), or pay by wallet or cash.",
    );
  }
  return { customerId: profile.customerId, methodId: profile.defaultPaymentMethodId };
}
