/** The whole drizzle schema: the durable record of Curbside (DESIGN.md, "Where the truth lives"). */
export * from "./admin.ts";
export * from "./auth.ts";
export * from "./enums.ts";
export * from "./events.ts";
export * from "./fleet.ts";
export * from "./identity.ts";
export * from "./money.ts";
export * from "./notify.ts";
export * from "./parking.ts";
export * from "./rides.ts";
export * from "./social.ts";
