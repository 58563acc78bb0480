/**
 * Every page of the console, in nav order. To add one, write
 * `pages/<name>.ts` exporting a `Page` (registry.ts) and add it here.
 */
import { analyticsPage } from "./analytics.ts";
import { auditPage } from "./audit.ts";
import { bookingsPage } from "./bookings.ts";
import { couponsPage } from "./coupons.ts";
import { mapPage } from "./map.ts";
import { paymentsPage } from "./payments.ts";
import { pricingPage } from "./pricing.ts";
import { ratingsPage } from "./ratings.ts";
import type { Page } from "./registry.ts";
import { ridesPage } from "./rides.ts";
import { usersPage } from "./users.ts";
import { verificationsPage } from "./verifications.ts";

export type { Page, PageContext } from "./registry.ts";

export const PAGES: readonly Page[] = [
  mapPage,
  ridesPage,
  verificationsPage,
  usersPage,
  bookingsPage,
  paymentsPage,
  couponsPage,
  pricingPage,
  analyticsPage,
  auditPage,
  ratingsPage,
];
