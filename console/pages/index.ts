/**
 * Every page of the console, in nav order. To add one (users, pricing,
 * analytics, coupons…), write `pages/<name>.ts` exporting a `Page`
 * (registry.ts) and add it here.
 */
import { mapPage } from "./map.ts";
import type { Page } from "./registry.ts";
import { ridesPage } from "./rides.ts";
import { verificationsPage } from "./verifications.ts";

export type { Page, PageContext } from "./registry.ts";

export const PAGES: readonly Page[] = [mapPage, ridesPage, verificationsPage];
