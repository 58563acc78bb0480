/**
 * The Hono application: middleware, routes, the OpenAPI document and the
 * error handling that turns every failure into problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { database } from "./http/database.ts";
import { edge } from "./http/edge.ts";
import { notFound, onError, validationHook } from "./http/errors.ts";
import { registerSecuritySchemes } from "./http/openapi.ts";
import { ProblemError } from "./http/problem.ts";
import { adminAnalyticsRoutes } from "./routes/admin-analytics.ts";
import { adminAuditRoutes } from "./routes/admin-audit.ts";
import { adminBookingsRoutes } from "./routes/admin-bookings.ts";
import { adminCouponsRoutes } from "./routes/admin-coupons.ts";
import { adminDriversRoutes } from "./routes/admin-drivers.ts";
import { adminPaymentsRoutes } from "./routes/admin-payments.ts";
import { adminPricingRoutes } from "./routes/admin-pricing.ts";
import { adminRidesRoutes } from "./routes/admin-rides.ts";
import { adminUsersRoutes } from "./routes/admin-users.ts";
import { authRoutes } from "./routes/auth.ts";
import { bookingsRoutes } from "./routes/bookings.ts";
import { citiesRoutes } from "./routes/cities.ts";
import { couponsRoutes } from "./routes/coupons.ts";
import { devicesRoutes } from "./routes/devices.ts";
import { mountDocs } from "./routes/docs.ts";
import { driverJobsRoutes } from "./routes/driver-jobs.ts";
import { DOCUMENT_UPLOAD_PATH, DRIVERS_ME_PREFIX, driversRoutes, MAX_DOCUMENT_BYTES } from "./routes/drivers.ts";
import { earningsRoutes } from "./routes/earnings.ts";
import { healthRoutes } from "./routes/health.ts";
import { meRoutes } from "./routes/me.ts";
import { nearbyRoutes } from "./routes/nearby.ts";
import { notificationsRoutes } from "./routes/notifications.ts";
import { ownersRoutes } from "./routes/owners.ts";
import { paymentsRoutes } from "./routes/payments.ts";
import { payoutsRoutes } from "./routes/payouts.ts";
import { adminRatingsRoutes, rideRatingRoutes, userRatingsRoutes } from "./routes/ratings.ts";
import { bookingReceiptRoutes, rideReceiptRoutes } from "./routes/receipts.ts";
import { referralsRoutes, rewardsRoutes } from "./routes/referrals.ts";
import { bookingReviewRoutes, reviewsRoutes, spotReviewsRoutes } from "./routes/reviews.ts";
import { ridePaymentsRoutes } from "./routes/ride-payments.ts";
import { RIDE_PHOTO_UPLOAD, rideProofsRoutes } from "./routes/ride-proofs.ts";
import { rideStopsRoutes } from "./routes/ride-stops.ts";
import { ridesRoutes } from "./routes/rides.ts";
import { SPOT_IMAGE_UPLOAD, spotImagesRoutes } from "./routes/spot-images.ts";
import { spotsRoutes } from "./routes/spots.ts";
import { vehicleClassesRoutes } from "./routes/vehicle-classes.ts";
import { walletRoutes } from "./routes/wallet.ts";
import { webhooksRoutes } from "./routes/webhooks.ts";
import { wsRoutes } from "./routes/ws.ts";

/** Answers slower than this are logged even when they succeed. */
const SLOW_REQUEST_MS = 1_000;

/** Largest JSON body the API accepts (documents go to their upload route, which allows more). */
export const MAX_BODY_BYTES = 256 * 1024;

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, "body_too_large", `The body is larger than ${maxSize} bytes.`);
    },
  });
}

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const uploadLimit = limitBody(MAX_DOCUMENT_BYTES + 64 * 1024);
  const jsonLimit = limitBody(MAX_BODY_BYTES);
  const isUpload = (path: string) =>
    path === DOCUMENT_UPLOAD_PATH || SPOT_IMAGE_UPLOAD.test(path) || RIDE_PHOTO_UPLOAD.test(path);
  app.use(
    edge({
      bodyLimit: (path) => (isUpload(path) ? uploadLimit : jsonLimit),
      onError,
      // The access log keeps what needs a look: refusals, failures and slow answers. Every
      // request, successful or not, is in the platform's own invocation log ([observability] in
      // wrangler.toml) and carries its X-Request-Id; a line per 2xx cost a tenth of an estimate's
      // time. Tests assert on answers, not on access logs; keep their output readable.
      accessLog: (c, durationMs) =>
        c.env.ENVIRONMENT !== "test" && (c.res.status >= 400 || durationMs >= SLOW_REQUEST_MS),
    }),
  );
  app.use(database());
  registerSecuritySchemes(app);
  // One sub-app per resource, its paths relative to where it is mounted.
  app.route("/health", healthRoutes);
  app.route("/v1/auth", authRoutes);
  app.route("/v1/me", meRoutes);
  app.route("/v1/me", devicesRoutes);
  app.route("/v1/notifications", notificationsRoutes);
  app.route("/v1/drivers/nearby", nearbyRoutes);
  app.route(DRIVERS_ME_PREFIX, driversRoutes);
  app.route(DRIVERS_ME_PREFIX, driverJobsRoutes);
  app.route("/v1/drivers/me/earnings", earningsRoutes);
  app.route("/v1/admin/payments", adminPaymentsRoutes);
  app.route("/v1/admin/rides", adminRidesRoutes);
  app.route("/v1/admin/ratings", adminRatingsRoutes);
  app.route("/v1/admin/coupons", adminCouponsRoutes);
  app.route("/v1/admin/users", adminUsersRoutes);
  app.route("/v1/admin/audit", adminAuditRoutes);
  app.route("/v1/admin/bookings", adminBookingsRoutes);
  app.route("/v1/admin/pricing", adminPricingRoutes);
  app.route("/v1/admin/analytics", adminAnalyticsRoutes);
  app.route("/v1/admin", adminDriversRoutes);
  app.route("/v1/rides", ridesRoutes);
  app.route("/v1/rides", ridePaymentsRoutes);
  app.route("/v1/rides", rideStopsRoutes);
  app.route("/v1/rides", rideProofsRoutes);
  app.route("/v1/rides", rideReceiptRoutes);
  app.route("/v1/rides", rideRatingRoutes);
  app.route("/v1/users", userRatingsRoutes);
  app.route("/v1/coupons", couponsRoutes);
  app.route("/v1/referrals", referralsRoutes);
  app.route("/v1/rewards", rewardsRoutes);
  app.route("/v1/payments", paymentsRoutes);
  app.route("/v1/wallet", walletRoutes);
  app.route("/v1/payouts", payoutsRoutes);
  app.route("/v1/webhooks", webhooksRoutes);
  app.route("/v1/spots", spotsRoutes);
  app.route("/v1/spots", spotReviewsRoutes);
  app.route("/v1/spots", spotImagesRoutes);
  app.route("/v1/bookings", bookingsRoutes);
  app.route("/v1/bookings", bookingReviewRoutes);
  app.route("/v1/bookings", bookingReceiptRoutes);
  app.route("/v1/reviews", reviewsRoutes);
  app.route("/v1/owners/me", ownersRoutes);
  app.route("/v1/cities", citiesRoutes);
  app.route("/v1/vehicle-classes", vehicleClassesRoutes);
  app.route("/v1/ws", wsRoutes);
  mountDocs(app);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
