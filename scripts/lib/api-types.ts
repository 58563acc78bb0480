/**
 * The REST API's types, generated from the OpenAPI document (GET /openapi.json)
 * by openapi-typescript. Do not edit: `npm run api:types` writes this file, and
 * `npm run lint:openapi` (part of `npm test`) fails when it is out of date.
 * The simulator's client (scripts/simulate/client.ts) is typed by it.
 */
// biome-ignore-all lint: generated code, shaped by openapi-typescript

/** OneOf type helpers */
type Without<T, U> = { [P in Exclude<keyof T, keyof U>]?: never };
type XOR<T, U> = T | U extends object ? (Without<T, U> & U) | (Without<U, T> & T) : T | U;
type OneOf<T extends any[]> = T extends [infer Only]
  ? Only
  : T extends [infer A, infer B, ...infer Rest]
    ? OneOf<[XOR<A, B>, ...Rest]>
    : never;

export interface paths {
  "/health": {
    /** Health of the database and the actors */
    get: operations["getHealth"];
  };
  "/v1/auth/register": {
    /** Create an account with email and password */
    post: operations["register"];
  };
  "/v1/auth/login": {
    /** Sign in with email and password */
    post: operations["login"];
  };
  "/v1/auth/otp/send": {
    /**
     * Send a login code by SMS
     * @description Codes are 6 digits, valid 5 minutes, 5 attempts. Limited per phone and per IP.
     */
    post: operations["sendOtp"];
  };
  "/v1/auth/otp/verify": {
    /** Sign in (or sign up) with a login code */
    post: operations["verifyOtp"];
  };
  "/v1/auth/refresh": {
    /**
     * Trade a refresh token for a new pair
     * @description Every refresh token works once. Presenting a used one again revokes every token of its session (family).
     */
    post: operations["refreshTokens"];
  };
  "/v1/auth/logout": {
    /**
     * End a session
     * @description Revokes the refresh token's whole session. Access tokens already issued expire within 15 minutes.
     */
    post: operations["logout"];
  };
  "/v1/me": {
    /** The caller's account */
    get: operations["getMe"];
    /** Change the caller's name or email */
    patch: operations["updateMe"];
  };
  "/v1/me/addresses": {
    /** The caller's saved addresses, newest first */
    get: operations["listAddresses"];
    /** Save an address */
    post: operations["createAddress"];
  };
  "/v1/me/addresses/{id}": {
    /** One saved address */
    get: operations["getAddress"];
    /** Delete a saved address */
    delete: operations["deleteAddress"];
    /** Change a saved address (or make it the default) */
    patch: operations["updateAddress"];
  };
  "/v1/me/devices": {
    /** Register a device for push notifications */
    post: operations["registerDevice"];
  };
  "/v1/me/devices/{id}": {
    /** Forget a device: no more push to it */
    delete: operations["forgetDevice"];
  };
  "/v1/me/notification-preferences": {
    /** The caller's notification channels per category */
    get: operations["getNotificationPreferences"];
    /** Turn channels on or off per category (only those named change) */
    put: operations["updateNotificationPreferences"];
  };
  "/v1/notifications": {
    /** The caller's notifications, newest first, and how many are unread */
    get: operations["listNotifications"];
  };
  "/v1/notifications/read": {
    /** Mark notifications read: these ids, or all */
    post: operations["markNotificationsRead"];
  };
  "/v1/drivers/nearby": {
    /**
     * Available drivers near a point, nearest first
     * @description For a rider's map. Searches every cell the circle touches; positions are rounded to 4 decimal places (about 10 m) and drivers are not identified.
     */
    get: operations["listNearbyDrivers"];
  };
  "/v1/drivers/me": {
    /** The driver's profile and verification status */
    get: operations["getDriverProfile"];
  };
  "/v1/drivers/me/vehicles": {
    /** The driver's vehicles */
    get: operations["listVehicles"];
    /**
     * Add a vehicle
     * @description The first vehicle becomes the active one; `is_active: true` switches to the new one.
     */
    post: operations["createVehicle"];
  };
  "/v1/drivers/me/vehicles/{id}": {
    /** One of the driver's vehicles */
    get: operations["getVehicle"];
    /** Choose the vehicle to drive */
    patch: operations["updateVehicle"];
  };
  "/v1/drivers/me/documents": {
    /** The driver's uploaded documents */
    get: operations["listDocuments"];
    /** Upload a licence, registration, insurance or other document */
    post: operations["uploadDocument"];
  };
  "/v1/drivers/me/documents/{id}": {
    /** One uploaded document's details */
    get: operations["getDocument"];
  };
  "/v1/drivers/me/documents/{id}/file": {
    /** Download an uploaded document */
    get: operations["downloadDocument"];
  };
  "/v1/drivers/me/online-status": {
    /**
     * Go online at a position, or offline, without a socket
     * @description Online takes the checks of the driver websocket: 403 `not_a_driver`, `driver_not_verified` or `no_active_vehicle`. Going online again resumes an open offer or ride. Offline returns an open offer to its ride; on a ride it is 409 `status_locked`. A driver who makes no call for 60 s (the socket's silence) goes offline by themselves.
     */
    put: operations["setDriverOnlineStatus"];
  };
  "/v1/drivers/me/location": {
    /**
     * Report the driver's position, as the socket's location frame
     * @description Taken by the driver's cell as a socket's `location` frame: the riders of a ride in progress see it. A position in the next cell moves the driver there. 409 `driver_offline` when the driver is not online.
     */
    put: operations["reportDriverLocation"];
  };
  "/v1/drivers/me/jobs": {
    /**
     * The driver's status, open offer and current ride
     * @description Poll this instead of holding a socket; status `offline` when the driver is not online.
     */
    get: operations["getDriverJobs"];
  };
  "/v1/drivers/me/jobs/{ride_id}/accept": {
    /**
     * Accept the open offer of a ride
     * @description 404 `offer_not_found` when the driver holds no open offer of this ride; 409 `offer_expired` when it lapsed or the ride went elsewhere meanwhile.
     */
    post: operations["acceptJob"];
  };
  "/v1/drivers/me/jobs/{ride_id}/decline": {
    /**
     * Decline the open offer of a ride
     * @description 404 `offer_not_found` when the driver holds no open offer of this ride; 409 `offer_expired` when it lapsed or the ride went elsewhere meanwhile.
     */
    post: operations["declineJob"];
  };
  "/v1/drivers/me/earnings": {
    /** The caller's earnings per ride and per day */
    get: operations["getDriverEarnings"];
  };
  "/v1/admin/payments": {
    /** Payments, newest first: by status, purpose, method, payer, ride, booking or time */
    get: operations["searchPayments"];
  };
  "/v1/admin/payments/{id}/refund": {
    /** Refund a payment, whole or in part */
    post: operations["refundPayment"];
  };
  "/v1/admin/payments/drifts": {
    /** Open differences between the provider and the ledger, newest first */
    get: operations["listPaymentDrifts"];
  };
  "/v1/admin/rides": {
    /**
     * Rides, newest first: by order number, status, city, service, driver, rider or request time
     * @description An order number that is well formed but names no ride is an empty page; one that cannot be an order number is 400 naming `order_number`.
     */
    get: operations["searchRides"];
  };
  "/v1/admin/ratings": {
    /** Ride ratings of 2 or less waiting for an admin, newest first */
    get: operations["listFlaggedRatings"];
  };
  "/v1/admin/ratings/{id}/resolve": {
    /** Take a flagged rating off the queue (once) */
    post: operations["resolveFlaggedRating"];
  };
  "/v1/admin/coupons": {
    /** Every coupon with its uses, newest first */
    get: operations["listCoupons"];
    /**
     * Create a coupon
     * @description 409 `coupon_code_taken`; 422 `invalid_coupon` (a percentage over 10000 basis points, a fixed amount or a cap without a currency, an end before the start) or `city_not_found`.
     */
    post: operations["createCoupon"];
  };
  "/v1/admin/coupons/{id}": {
    /**
     * Deactivate, describe, extend or limit a coupon
     * @description `is_active: false` stops new uses (uses already reserved still complete). A `usage_limit` under the uses so far is 409 `usage_limit_below_uses`.
     */
    patch: operations["updateCoupon"];
  };
  "/v1/admin/users": {
    /** Accounts, newest first: by name, email or phone, role and status */
    get: operations["searchUsers"];
  };
  "/v1/admin/users/{id}/suspend": {
    /**
     * Suspend an account
     * @description At once: the account's refresh tokens are revoked, its access tokens are refused (403 `account_suspended`: by the Worker isolate that answers this at once, by every other isolate serving traffic within about 2 s), and its sockets close with 4403 `account_suspended`. Rides under way go on and are listed. 409 `already_suspended`, `own_account`, `deleted`.
     */
    post: operations["suspendUser"];
  };
  "/v1/admin/users/{id}/reinstate": {
    /**
     * Lift a suspension
     * @description The account is active again; its user signs in anew (the suspension ended their sessions). 409 `not_suspended`.
     */
    post: operations["reinstateUser"];
  };
  "/v1/admin/audit": {
    /** What admins did, newest first: by admin, action, target or time */
    get: operations["listAdminAudit"];
  };
  "/v1/admin/bookings": {
    /** Parking bookings, newest first: by status, spot, renter, owner or when made */
    get: operations["searchBookings"];
  };
  "/v1/admin/pricing": {
    /** Active tariffs by city, vehicle class and service */
    get: operations["listTariffs"];
  };
  "/v1/admin/pricing/{city}/{class}/{service}": {
    /**
     * Set a city's tariff for a vehicle class and service
     * @description Send If-Match with the tariff's `version` to change it, or If-None-Match: * to create one (neither: 428; a stale version: 412 `version_mismatch`; a tariff that exists: 412 `tariff_exists`). Every price is in the city's currency (422 `currency_mismatch`). New estimates use it at once here, and in every Worker isolate within 30 s; an unchanged tariff is not written again.
     */
    put: operations["putTariff"];
  };
  "/v1/admin/analytics": {
    /**
     * Rides, money and parking per UTC hour or day
     * @description At most 744 hourly or 366 daily buckets (else 400 `window_too_long`). Rides are counted in the bucket they were requested in, money in the bucket it moved in, parking bookings when made; occupancy is the booked share of the active spots' time.
     */
    get: operations["getAnalytics"];
  };
  "/v1/admin/drivers": {
    /** Drivers by verification status, oldest first (the review queue) */
    get: operations["listDriversForReview"];
  };
  "/v1/admin/drivers/{id}": {
    /** A driver with vehicles and documents */
    get: operations["getDriverForReview"];
  };
  "/v1/admin/drivers/{id}/verify": {
    /** Verify a driver */
    post: operations["verifyDriver"];
  };
  "/v1/admin/drivers/{id}/reject": {
    /** Reject a driver, with the reason they will see */
    post: operations["rejectDriver"];
  };
  "/v1/admin/documents/{id}/file": {
    /** Download a driver's document */
    get: operations["downloadDriverDocument"];
  };
  "/v1/rides/estimate": {
    /**
     * Price a trip for each vehicle class that can take it
     * @description Outside every service area: 422 `outside_service_area`. A delivery's package leaves out the classes that cannot carry its weight, and every class leaves itself out past its `max_distance_km`; when none is left (or the one asked for cannot take it) the answer is 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`, naming the `vehicle_class` whose limit it is.
     */
    post: operations["estimateRide"];
  };
  "/v1/rides": {
    /**
     * The caller's rides (as rider or driver), newest first
     * @description `status` keeps the rides of that status, as they are now: `?status=scheduled` lists the rides booked for later that have not started dispatch.
     */
    get: operations["listRides"];
    /**
     * Request a ride or a delivery
     * @description Send an `Idempotency-Key` header to retry safely: the same key and body return the same ride; the same key with another body is a 422. The payment is held first: a card holds the estimate plus the city's buffer on the rider's default card (402 `payment_failed` on a decline), a wallet holds the estimate (402 `insufficient_funds`), cash holds nothing; `upi` is 422 `payment_method_unavailable`. Over the class's limits: 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`. On a refusal no ride is created. The ride gets its order number (`CB-AMD-000123`) here.
     */
    post: operations["createRide"];
  };
  "/v1/rides/{id}": {
    /** A ride as it is now (everything the ride's socket shows) */
    get: operations["getRide"];
  };
  "/v1/rides/{id}/cancel": {
    /**
     * Cancel a ride
     * @description The rider: free until a driver is assigned and within the city's grace period after; the city's fee after that. The assigned driver: the ride goes back to dispatch without them.
     */
    post: operations["cancelRide"];
  };
  "/v1/rides/{id}/arrived": {
    /** The driver is at the pickup */
    post: operations["arriveAtPickup"];
  };
  "/v1/rides/{id}/started": {
    /** The trip has started */
    post: operations["startRide"];
  };
  "/v1/rides/{id}/completed": {
    /** The trip is complete; the fare is computed from the driven track (409 `stops_pending` while a stop is open) */
    post: operations["completeRide"];
  };
  "/v1/rides/{id}/tip": {
    /**
     * Tip the driver after a completed ride (paid to them in full)
     * @description By card (off session, on the default card) or from the wallet; by default the ride's own method, card for a cash ride. One tip per ride: the same tip again returns it, another is 409 `already_tipped`.
     */
    post: operations["tipDriver"];
  };
  "/v1/rides/{id}/cash-collected": {
    /**
     * The driver confirms they collected a cash ride's fare
     * @description The fare enters the ledger as cash the driver keeps; the commission and taxes become their debt, netted against later card and wallet earnings. Once per ride.
     */
    post: operations["confirmCashCollected"];
  };
  "/v1/rides/{id}/stops/{index}/arrived": {
    /**
     * The driver is at a stop
     * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
     */
    post: operations["arriveAtStop"];
  };
  "/v1/rides/{id}/stops/{index}/completed": {
    /**
     * The drop at a stop is done
     * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
     */
    post: operations["completeStop"];
  };
  "/v1/rides/{id}/stops/{index}/failed": {
    /**
     * The drop at a stop could not be done
     * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
     */
    post: operations["failStop"];
  };
  "/v1/rides/{id}/photos": {
    /**
     * A proof-of-delivery photo at the pickup or a drop (the assigned driver)
     * @description JPEG or PNG (checked on the bytes), at most 10 MB: 415 `unsupported_image`, 413 `photo_too_large`. Recorded with the driver's last known position and the time. A pickup photo from assignment to the trip; a drop photo after arriving at that stop (409 `stop_not_arrived`, `invalid_state`); 404 `stop_not_found`, and `ride_not_found` for a ride that is not the driver's.
     */
    post: operations["uploadRidePhoto"];
  };
  "/v1/rides/{id}/proofs": {
    /**
     * The proofs of delivery: photos and each drop's code (the sender, admins)
     * @description 404 `ride_not_found` for anyone else, the driver included.
     */
    get: operations["getRideProofs"];
  };
  "/v1/rides/{id}/photos/{photo_id}": {
    /**
     * A proof-of-delivery photo (the sender, admins)
     * @description 404 `photo_not_found`, and `ride_not_found` for anyone else, the driver included.
     */
    get: operations["getRidePhoto"];
  };
  "/v1/rides/{id}/receipt": {
    /** The ride's receipt (PDF): fare lines, taxes with the city's tax registrations, discounts, tip, payment */
    get: operations["getRideReceipt"];
  };
  "/v1/rides/{id}/rating": {
    /**
     * Rate the other side of a completed ride (once, within 7 days)
     * @description The ride's rider rates its driver; its driver rates the rider. 409 `ride_not_completed`, `rating_window_closed` or `already_rated`; 422 `invalid_tag` for a tag the other side's list holds. The rated person's average and count move with the rating.
     */
    post: operations["rateRide"];
  };
  "/v1/users/{id}/ratings": {
    /**
     * A user's rating: average, count, histogram, tags
     * @description For the user themselves, admins, and anyone who shared a ride with them (either side); others get 404, as for a user who does not exist.
     */
    get: operations["getUserRatings"];
  };
  "/v1/coupons": {
    /** The coupons the caller can use now */
    get: operations["listUsableCoupons"];
  };
  "/v1/coupons/validate": {
    /**
     * What a coupon takes off an order, or why it cannot be used
     * @description 422 with the reason as `code`: `coupon_not_found`, `coupon_inactive`, `coupon_not_started`, `coupon_expired`, `coupon_used_up`, `coupon_already_used`, `coupon_new_users_only`, `coupon_not_for_service`, `coupon_not_for_vehicle_class`, `coupon_not_for_city`, `coupon_wrong_currency`, `coupon_below_minimum`. Nothing is reserved: that happens with the ride or booking.
     */
    post: operations["validateCoupon"];
  };
  "/v1/referrals/code": {
    /** The caller's referral code */
    get: operations["getReferralCode"];
  };
  "/v1/referrals/apply": {
    /**
     * Apply a friend's referral code (within 7 days of signing up, once)
     * @description 422 `referral_code_not_found`, `own_referral_code` or `referral_window_closed`; 409 `already_referred`. Both sides are rewarded when the caller completes a ride.
     */
    post: operations["applyReferralCode"];
  };
  "/v1/referrals/stats": {
    /** How the caller's referrals stand and what they earned */
    get: operations["getReferralStats"];
  };
  "/v1/rewards/points": {
    /**
     * The caller's points: the balance, and the history newest first
     * @description Points expire 12 months after they were earned; the balance counts only those still valid.
     */
    get: operations["getRewardPoints"];
  };
  "/v1/rewards/redeem": {
    /**
     * Turn points into wallet credit
     * @description At least 100 points; 1 point is ₹0.25 or 1 cent. `currency` defaults to the one the points were last earned in. 422 `below_minimum`, `insufficient_points` (with `balance`), `currency_not_supported`.
     */
    post: operations["redeemRewardPoints"];
  };
  "/v1/payments/config": {
    /** What an app needs to talk to the card provider */
    get: operations["getPaymentsConfig"];
  };
  "/v1/payments/setup-intents": {
    /** Start saving a card: the app confirms the SetupIntent with its client secret */
    post: operations["createSetupIntent"];
  };
  "/v1/payments/methods": {
    /** The caller's saved cards */
    get: operations["listPaymentMethods"];
  };
  "/v1/payments/methods/{id}": {
    /** Forget a saved card */
    delete: operations["deletePaymentMethod"];
  };
  "/v1/payments/methods/{id}/default": {
    /** Charge rides and tips to this card */
    post: operations["setDefaultPaymentMethod"];
  };
  "/v1/wallet": {
    /** The caller's balances */
    get: operations["getWallet"];
  };
  "/v1/wallet/transactions": {
    /** The caller's movements, newest first */
    get: operations["listWalletTransactions"];
  };
  "/v1/wallet/top-up": {
    /** Add money: the app confirms the returned PaymentIntent; the wallet is credited on the provider's webhook */
    post: operations["topUpWallet"];
  };
  "/v1/wallet/withdraw": {
    /** Pay earnings out to the caller's connected account (drivers and owners) */
    post: operations["withdrawEarnings"];
  };
  "/v1/wallet/withdrawals": {
    /** The caller's withdrawals, newest first (the latest 100) */
    get: operations["listWithdrawals"];
  };
  "/v1/payouts/account": {
    /** The caller's connected account */
    get: operations["getPayoutAccount"];
    /** Create the caller's connected account (once) and a link to finish onboarding at the provider */
    post: operations["startPayoutOnboarding"];
  };
  "/v1/webhooks/stripe": {
    /** Stripe's events (signed with the endpoint's secret) */
    post: operations["receiveStripeWebhook"];
  };
  "/v1/spots": {
    /**
     * Spots near a place, free for a window
     * @description Active spots within `radius_m` of the point; with `starts_at` and `ends_at`, only those open for the whole window by their hours and held by no booking in any part of it, each with the window's quote. Sorted by `distance` (default, great-circle metres), `price` (hourly rate) or `rating`. Searches the city whose service area holds the point; outside every city the page is empty.
     */
    get: operations["searchSpots"];
    /**
     * List a parking spot
     * @description Owners. The spot's city, currency and time zone come from the city whose service area holds its location.
     */
    post: operations["createSpot"];
  };
  "/v1/spots/{id}": {
    /** A spot */
    get: operations["getSpot"];
    /** Remove a spot (its owner or an admin); one with bookings ahead is deactivated instead */
    delete: operations["deleteSpot"];
    /** Change a spot (its owner or an admin) */
    patch: operations["updateSpot"];
  };
  "/v1/spots/{id}/availability": {
    /** A spot's open, held and free intervals between two instants (at most 31 days) */
    get: operations["getSpotAvailability"];
  };
  "/v1/spots/{id}/reviews": {
    /** A spot's reviews, newest first */
    get: operations["listSpotReviews"];
  };
  "/v1/spots/{id}/reviews/summary": {
    /** A spot's rating: average, count and histogram */
    get: operations["getSpotReviewSummary"];
  };
  "/v1/spots/{id}/images": {
    /** Add a photo to a spot (JPEG or PNG, at most 10 MB, 10 per spot) */
    post: operations["uploadSpotImage"];
  };
  "/v1/spots/{id}/images/{image}": {
    /** A spot's photo */
    get: operations["getSpotImage"];
    /** Remove a spot's photo */
    delete: operations["deleteSpotImage"];
  };
  "/v1/bookings/quote": {
    /** What a window at a spot costs */
    post: operations["quoteBooking"];
  };
  "/v1/bookings": {
    /** The caller's bookings as a renter, newest first */
    get: operations["listBookings"];
    /**
     * Book a spot for a window
     * @description Windows start in the future, last at least 30 minutes, start at most 30 days ahead and lie inside the spot's hours. Any part of the window held by another booking is 409 `spot_unavailable` (the database's exclusion constraint decides, under any concurrency). A card booking is `pending` until its PaymentIntent succeeds, and releases its window if unpaid after 15 minutes; a wallet booking is `confirmed` at once (402 `insufficient_funds`). Send an `Idempotency-Key` to retry safely.
     */
    post: operations["createBooking"];
  };
  "/v1/bookings/{id}": {
    /** A booking (its renter, the spot's owner, admins) */
    get: operations["getBooking"];
  };
  "/v1/bookings/{id}/check-in": {
    /** Check in at the spot with the booking's code (from 15 minutes before the start) */
    post: operations["checkInBooking"];
  };
  "/v1/bookings/{id}/check-out": {
    /**
     * Leave the spot: the booking completes
     * @description By the renter, or the owner at the spot. After the end, the overstay is charged the way the booking was paid: the hourly rate in 15-minute steps (`overstay` in the answer). A decline does not hold the renter: the booking completes with `overstay` 0 and the owner is told what is owed. A later booking the overstay ran into is told, and the owner's notice flags it.
     */
    post: operations["checkOutBooking"];
  };
  "/v1/bookings/{id}/extend": {
    /** Stay longer: a later end, charged the difference the way the booking was paid */
    post: operations["extendBooking"];
  };
  "/v1/bookings/{id}/cancel": {
    /**
     * Cancel a booking
     * @description The renter, under the spot's policy — flexible: all back until the start; moderate: all until 24 h before, 50 % after; strict: 50 % until 7 days before, nothing after — or the spot's owner or an admin, always in full. The refund goes back the way it was paid.
     */
    post: operations["cancelBooking"];
  };
  "/v1/bookings/{id}/review": {
    /** Review the spot of a completed booking (its renter, once) */
    post: operations["reviewBooking"];
  };
  "/v1/bookings/{id}/receipt": {
    /** The booking's receipt (PDF): fare lines, taxes with the city's tax registrations, discounts, tip, payment */
    get: operations["getBookingReceipt"];
  };
  "/v1/reviews/{id}/response": {
    /** The spot's owner answers a review (once) */
    post: operations["respondToReview"];
  };
  "/v1/reviews/{id}/helpful": {
    /** Mark a review helpful (one vote per user; not one's own) */
    post: operations["voteReviewHelpful"];
  };
  "/v1/owners/me/spots": {
    /** The caller's spots, newest first */
    get: operations["listOwnSpots"];
  };
  "/v1/owners/me/bookings": {
    /** Bookings of the caller's spots, newest first */
    get: operations["listOwnSpotBookings"];
  };
  "/v1/cities": {
    /** List the cities Curbside serves */
    get: operations["listCities"];
  };
  "/v1/cities/locate": {
    /** The city whose service area covers a point */
    get: operations["locateCity"];
  };
  "/v1/cities/{id}": {
    /** One city with its pricing */
    get: operations["getCity"];
  };
  "/v1/vehicle-classes": {
    /** Every vehicle class */
    get: operations["listVehicleClasses"];
  };
  "/v1/ws/driver": {
    /**
     * Driver websocket (upgrade): connects to the cell of the driver's position
     * @description Only a verified driver with an active vehicle is connected. Refusals close the socket with 4401 (unauthenticated), 4001 (token_expired), 4403 (not_a_driver, driver_not_verified, no_active_vehicle, account_suspended — also sent to an open socket when an admin suspends the account) or 4400 (invalid_position), the code string as the reason.
     */
    get: operations["connectDriverSocket"];
  };
  "/v1/ws/rides/{id}": {
    /**
     * Ride websocket (upgrade): live status and driver position
     * @description For the ride's rider, its driver and admins. The socket first receives `ride.status`, then `driver.assigned`, `driver.location`, `ride.stop {index, status, reason}` (a multi-stop ride's drops), `ride.completed` and `ride.cancelled` as they happen. Refusals: 4401 / 4001 / 4403 `account_suspended` as for the driver socket, 4404 `ride_not_found` for a ride that is not the caller's.
     */
    get: operations["connectRideSocket"];
  };
  "/v1/ws/admin/map": {
    /**
     * Admins' live map of a city (upgrade): supply per hexagon, demand, surge, drivers on rides
     * @description `?city=` a city's id (`ahmedabad`). For admins only: anyone else is refused with 4404 `not_found`, as if the socket did not exist. The socket first receives `map.snapshot` (the service area, each cell's last summary, the drivers on rides), then `map.cell` (at most every ~500 ms a cell), `map.driver` and `map.driver.gone` as they happen (src/protocol/admin-map.ts). The city's cells publish only while an admin watches. An open socket is closed with 4001 `token_expired` within 10 s of its token's expiry (reconnect with a fresh one). Other refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_request` for a malformed city, 4404 `city_not_found`.
     */
    get: operations["connectAdminMapSocket"];
  };
  "/v1/ws/me": {
    /**
     * The user's own websocket (upgrade): their notifications as they happen
     * @description For any signed-in user. With `?cursor=` (a notification's `cursor`), first every notification made after it (up to 100, oldest first), then `ready {unread_count, replayed, more}`; then `notification {notification}` for each new one — rides, bookings, payments, ratings, reviews, promotions. Refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_cursor`.
     */
    get: operations["connectMeSocket"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
    Health: {
      /** @enum {string} */
      status: "ok" | "degraded";
      checks: {
        database: {
          ok: boolean;
          latency_ms: number;
          detail?: string;
          postgis?: string;
        };
        cell_actor: {
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        ride_actor: {
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        config: {
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
      };
      /** @description TIME_SCALE: how many times faster than the wall clock the platform's timers run (1 but in simulations; null when misconfigured). */
      time_scale: number | null;
      time: string;
    };
    Tokens: {
      user: components["schemas"]["User"];
      access_token: string;
      refresh_token: string;
      /** @enum {string} */
      token_type: "bearer";
      /** @description Seconds until the access token expires. */
      expires_in: number;
    };
    User: {
      /** Format: uuid */
      id: string;
      email: string | null;
      phone: string | null;
      name: string;
      /** @enum {string} */
      role: "rider" | "driver" | "owner" | "admin";
      /** @enum {string} */
      status: "active" | "suspended" | "deleted";
      referral_code: string | null;
      created_at: string;
    };
    /**
     * @description RFC 9457 problem details.
     * @example {
     *   "type": "https://curbside.dev/problems/validation-failed",
     *   "title": "Bad Request",
     *   "status": 400,
     *   "code": "validation_failed",
     *   "detail": "The request is invalid: lat.",
     *   "errors": [
     *     {
     *       "path": "lat",
     *       "in": "query",
     *       "message": "Too big: expected number to be <=90"
     *     }
     *   ]
     * }
     */
    Problem: {
      type: string;
      title: string;
      status: number;
      /** @description Stable machine-readable error code. */
      code: string;
      detail?: string;
      instance?: string;
      request_id?: string;
      errors?: {
        path: string;
        /** @enum {string} */
        in: "body" | "query" | "path" | "header";
        message: string;
      }[];
      /** @description `too_heavy`, `too_far`, `load_assist_not_offered`: the class whose limit it is. */
      vehicle_class?: string;
      /** @description `too_heavy`: the heaviest package the class carries. */
      max_weight_kg?: number;
      /** @description `too_far`: the longest trip the class makes. */
      max_distance_km?: number;
      /** @description `scheduled_at_out_of_range`: the earliest time a ride may be booked for now. */
      earliest?: string;
      /** @description `scheduled_at_out_of_range`: the latest time a ride may be booked for now. */
      latest?: string;
    };
    Me: components["schemas"]["User"] & {
      driver: {
        /** @enum {string} */
        status: "pending" | "verified" | "rejected" | "suspended";
        rejection_reason: string | null;
      } | null;
    };
    Address: {
      /** Format: uuid */
      id: string;
      label: string;
      line: string;
      landmark: string | null;
      location: components["schemas"]["LatLng"];
      is_default: boolean;
      created_at: string;
      updated_at: string;
    };
    /**
     * @example {
     *   "lat": 23.0225,
     *   "lng": 72.5714
     * }
     */
    LatLng: {
      lat: number;
      lng: number;
    };
    Device: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      platform: "android" | "ios" | "web";
      created_at: string;
      updated_at: string;
    };
    RegisterDevice: {
      /**
       * @description `android` and `web`: FCM; `ios`: APNs.
       * @enum {string}
       */
      platform: "android" | "ios" | "web";
      token: string;
    };
    /** @description Per channel, per category. The live socket and the list always get every notification; these choose push, SMS and email. */
    NotificationPreferences: {
      push: {
        ride: boolean;
        booking: boolean;
        payment: boolean;
        rating: boolean;
        review: boolean;
        promotion: boolean;
        system: boolean;
      };
      sms: {
        ride: boolean;
        booking: boolean;
        payment: boolean;
        rating: boolean;
        review: boolean;
        promotion: boolean;
        system: boolean;
      };
      email: {
        ride: boolean;
        booking: boolean;
        payment: boolean;
        rating: boolean;
        review: boolean;
        promotion: boolean;
        system: boolean;
      };
    };
    /**
     * @example {
     *   "push": {
     *     "promotion": true
     *   },
     *   "sms": {
     *     "ride": true
     *   }
     * }
     */
    NotificationPreferencesChange: {
      push?: {
        ride?: boolean;
        booking?: boolean;
        payment?: boolean;
        rating?: boolean;
        review?: boolean;
        promotion?: boolean;
        system?: boolean;
      };
      sms?: {
        ride?: boolean;
        booking?: boolean;
        payment?: boolean;
        rating?: boolean;
        review?: boolean;
        promotion?: boolean;
        system?: boolean;
      };
      email?: {
        ride?: boolean;
        booking?: boolean;
        payment?: boolean;
        rating?: boolean;
        review?: boolean;
        promotion?: boolean;
        system?: boolean;
      };
    };
    NotificationPage: {
      data: components["schemas"]["Notification"][];
      next_cursor: string | null;
      unread_count: number;
    };
    Notification: {
      /** Format: uuid */
      id: string;
      cursor: string;
      /** @enum {string} */
      category: "ride" | "booking" | "payment" | "rating" | "review" | "promotion" | "system";
      type: string;
      title: string;
      body: string;
      data: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      read_at: string | null;
      /** Format: date-time */
      created_at: string;
    };
    /**
     * @example {
     *   "ids": [
     *     "0b7c4d7e-8f7a-4c1e-9a53-2f0d6c1b9e11"
     *   ]
     * }
     */
    MarkNotificationsRead: {
      /** @description These notifications. */
      ids?: string[];
      /**
       * @description Every notification of the caller.
       * @enum {boolean}
       */
      all?: true;
    };
    NearbyDriver: {
      vehicle_class: string;
      lat: number;
      lng: number;
      heading: number | null;
      distance_m: number;
    };
    DriverProfile: {
      /** Format: uuid */
      user_id: string;
      /** @enum {string} */
      status: "pending" | "verified" | "rejected" | "suspended";
      rejection_reason: string | null;
      verified_at: string | null;
      rating: number;
      completed_rides: number;
      /** @description Verified, with an active vehicle. */
      can_go_online: boolean;
    };
    Vehicle: {
      /** Format: uuid */
      id: string;
      vehicle_class: string;
      plate: string;
      make: string | null;
      model: string;
      color: string | null;
      seats: number | null;
      max_weight_kg: number | null;
      is_active: boolean;
      created_at: string;
    };
    Document: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: "licence" | "registration" | "insurance" | "id_proof" | "permit" | "other";
      /** Format: uuid */
      vehicle_id: string | null;
      content_type: string;
      size_bytes: number;
      /** @enum {string} */
      status: "pending" | "approved" | "rejected";
      rejection_reason: string | null;
      created_at: string;
    };
    DriverJobs: {
      /** @enum {string} */
      status: "available" | "offered" | "on_ride" | "break" | "offline";
      offer: components["schemas"]["DriverOffer"];
      ride: components["schemas"]["DriverRide"];
    };
    DriverOffer: {
      /** Format: uuid */
      ride_id: string;
      /** @enum {string} */
      service: "passenger" | "goods";
      pickup: components["schemas"]["LatLng"];
      dropoff: components["schemas"]["LatLng"];
      fare: components["schemas"]["Money"];
      /** @description ISO 8601; accept before then. */
      expires_at: string;
      /** @description The ride's order number, as on the socket's offer */
      order_number?: string;
    } | null;
    /**
     * @example {
     *   "amount": 9440,
     *   "currency": "INR"
     * }
     */
    Money: {
      /** @description Integer minor units (paise, cents). */
      amount: number;
      /** @description ISO 4217 code. */
      currency: string;
    };
    DriverRide: {
      /** Format: uuid */
      ride_id: string;
      status: string;
      pickup: components["schemas"]["LatLng"];
      dropoff: components["schemas"]["LatLng"];
      /** Format: uuid */
      rider_id: string;
      order_number?: string;
    } | null;
    RideEarning: {
      /** Format: uuid */
      ride_id: string;
      at: string;
      fare: components["schemas"]["Money"];
      share: components["schemas"]["Money"];
      commission: components["schemas"]["Money"];
      taxes: components["schemas"]["Money"];
      tip: components["schemas"]["Money"];
      cash_collected: components["schemas"]["Money"];
      refunded: components["schemas"]["Money"];
      net: components["schemas"]["Money"];
    };
    EarningsDay: {
      date: string;
      rides: number;
      fare: components["schemas"]["Money"];
      share: components["schemas"]["Money"];
      commission: components["schemas"]["Money"];
      tip: components["schemas"]["Money"];
      cash_collected: components["schemas"]["Money"];
      net: components["schemas"]["Money"];
    };
    Payment: {
      /** Format: uuid */
      id: string;
      purpose: string;
      method: string;
      status: string;
      amount: components["schemas"]["Money"];
      captured: components["schemas"]["Money"];
      refunded: components["schemas"]["Money"];
      /** Format: uuid */
      ride_id: string | null;
      /** Format: uuid */
      booking_id: string | null;
      provider_ref: string | null;
      /**
       * Format: uuid
       * @description Who pays.
       */
      user_id: string;
      created_at: string;
    };
    /**
     * @example {
     *   "amount": 50000,
     *   "currency": "INR"
     * }
     */
    Amount: {
      /** @description Integer minor units (paise, cents). */
      amount: number;
      /** @description ISO 4217 code. */
      currency: string;
    };
    PaymentDrift: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      payment_id: string | null;
      provider_ref: string | null;
      field: string;
      ours: string;
      theirs: string;
      found_at: string;
    };
    AdminRide: components["schemas"]["RideSummary"] & {
      city_id: string;
      /** Format: uuid */
      rider_id: string;
      /** Format: uuid */
      driver_id: string | null;
    };
    RideSummary: {
      /** Format: uuid */
      id: string;
      /**
       * @description What people read and search by: `CB-` + the city's code + the city's running count (`CB-AMD-000123`).
       * @example CB-AMD-000123
       */
      order_number: string;
      /** @enum {string} */
      status:
        | "requested"
        | "scheduled"
        | "searching"
        | "driver_assigned"
        | "driver_arrived"
        | "in_progress"
        | "completed"
        | "cancelled"
        | "no_driver";
      /** @enum {string} */
      service: "passenger" | "goods";
      vehicle_class: string;
      pickup: components["schemas"]["LatLng"];
      dropoff: components["schemas"]["LatLng"];
      fare: components["schemas"]["Money"] & (Record<string, never> | null);
      estimate: components["schemas"]["Money"];
      requested_at: string;
      /** @description The time a ride booked for later is booked for. */
      scheduled_at: string | null;
    };
    RideRating: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      ride_id: string;
      /** @enum {string} */
      direction: "rider_to_driver" | "driver_to_rider";
      /** Format: uuid */
      author_id: string;
      /** Format: uuid */
      subject_id: string;
      rating: number;
      comment: string | null;
      tags: string[];
      /** @description 2 or less: in the admins' queue until resolved. */
      flagged: boolean;
      created_at: string;
    };
    AdminCoupon: components["schemas"]["Coupon"] & {
      /** Format: uuid */
      id: string;
      usage_limit: number | null;
      /** @description Uses reserved or redeemed. */
      usage_count: number;
      per_user_limit: number;
      is_active: boolean;
      created_at: string;
    };
    Coupon: {
      code: string;
      description: string;
      /** @enum {string} */
      discount_type: "percent" | "fixed";
      /** @description Basis points for `percent` (1000 = 10 %), minor units for `fixed`. */
      discount_value: number;
      currency: string | null;
      max_discount_amount: number | null;
      min_order_amount: number;
      services: ("passenger" | "goods" | "parking")[] | null;
      vehicle_classes: string[] | null;
      city_id: string | null;
      new_users_only: boolean;
      valid_from: string;
      valid_until: string | null;
    };
    AdminUser: components["schemas"]["User"] & {
      last_login_at: string | null;
      suspended_at: string | null;
    };
    UserStatusChange: {
      user: components["schemas"]["AdminUser"];
      /** @description Rides the user is part of that have not ended: they go on; cancel them if need be. */
      active_ride_ids: string[];
      sockets_closed: number;
    };
    AdminAuditEntry: {
      /** Format: uuid */
      id: string;
      /**
       * Format: uuid
       * @description The admin who acted.
       */
      actor_id: string;
      /** @example user.suspend */
      action: string;
      /** @example user */
      target_type: string;
      target_id: string;
      /** @description Ids, amounts, statuses and the stated reason. */
      details: {
        [key: string]: unknown;
      };
      request_id: string | null;
      at: string;
    };
    Booking: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      spot_id: string;
      /** Format: uuid */
      renter_id: string;
      renter_name: string | null;
      /** @enum {string} */
      status: "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "refunded";
      starts_at: string;
      ends_at: string;
      subtotal: components["schemas"]["Money"];
      service_fee: components["schemas"]["Money"];
      total: components["schemas"]["Money"];
      discount: components["schemas"]["Money"];
      owner_payout: components["schemas"]["Money"];
      refunded: components["schemas"]["Money"];
      overstay: components["schemas"]["Money"];
      payment_method: string;
      payment_status: string;
      /** @description Shown to the renter (and admins) only */
      check_in_code: string | null;
      /** @description The QR code's payload: `curbside:booking:<id>:<code>` */
      check_in_qr: string | null;
      vehicle: {
        plate: string | null;
        make: string | null;
        model: string | null;
        color: string | null;
      };
      special_requests: string | null;
      cancelled_by: string | null;
      cancellation_reason: string | null;
      checked_in_at: string | null;
      checked_out_at: string | null;
      created_at: string;
    };
    AdminTariff: components["schemas"]["Pricing"] & {
      city_id: string;
      commission_bps: number;
      /**
       * Format: uuid
       * @description Send it as If-Match to change this tariff.
       */
      version: string;
      updated_at: string;
    };
    Pricing: {
      vehicle_class: string;
      /** @enum {string} */
      service: "passenger" | "goods";
      base_fare: components["schemas"]["Money"];
      per_km: components["schemas"]["Money"];
      per_minute: components["schemas"]["Money"];
      minimum_fare: components["schemas"]["Money"];
      cancellation_fee: components["schemas"]["Money"];
      load_assist: components["schemas"]["Money"] & (Record<string, never> | null);
    };
    Analytics: {
      city: string | null;
      from: string;
      to: string;
      /** @enum {string} */
      bucket: "hour" | "day";
      buckets: components["schemas"]["AnalyticsBucket"][];
    };
    AnalyticsBucket: {
      /** @description The bucket's start (UTC); it lasts an hour or a day. */
      start: string;
      rides: {
        requested: number;
        completed: number;
        cancelled: number;
        no_driver: number;
        /** @description completed / requested; null with none requested. */
        completion_rate: number | null;
        /** @description From the search's start to a driver's accept, seconds. */
        median_assignment_s: number | null;
        /** @description From the driver to the pickup when assigned, straight line, metres. */
        median_pickup_distance_m: number | null;
        active_drivers: number;
      };
      /** @description Fares of rides completed in the bucket. */
      gross_bookings: components["schemas"]["Money"][];
      /** @description The platform's ride commission, less refunds. */
      commission: components["schemas"]["Money"][];
      parking: {
        bookings: number;
        /** @description Booked spot-time / active spots' time, 0–1; null without spots. */
        occupancy: number | null;
      };
    };
    DriverReview: {
      user: components["schemas"]["User"];
      /** @enum {string} */
      status: "pending" | "verified" | "rejected" | "suspended";
      rejection_reason: string | null;
      verified_at: string | null;
      submitted_at: string;
    };
    DriverDetail: components["schemas"]["DriverReview"] & {
      vehicles: components["schemas"]["Vehicle"][];
      documents: components["schemas"]["Document"][];
    };
    Estimate: {
      city_id: string;
      currency: string;
      options: {
        vehicle_class: string;
        distance_m: number;
        duration_s: number;
        surge: number;
        fare: components["schemas"]["Fare"];
        /** @description From the nearest available driver; null when none is near. */
        pickup_eta_s: number | null;
      }[];
    };
    Fare: {
      lines: {
        code: string;
        label: string;
        amount: number;
      }[];
      total: components["schemas"]["Money"];
    };
    /** @description For a delivery: the classes that cannot carry it (or go the distance) are left out. */
    Package: {
      description: string;
      /** @description A delivery's weight decides which classes can carry it (each class's `max_weight_kg`). */
      weight_kg?: number;
      /** @description Length, width and height in centimetres. */
      dimensions_cm?: {
        length: number;
        width: number;
        height: number;
      };
      fragile?: boolean;
      goods_type?: string;
      /** @description A hand with loading and unloading: a `load_assist` fare line at the city's price for the class; a class that does not offer it is left out (or 422 `load_assist_not_offered`). */
      load_assist?: boolean;
    };
    Ride: {
      /** Format: uuid */
      id: string;
      /**
       * @description Null only for rides opened before order numbers.
       * @example CB-AMD-000123
       */
      order_number: string | null;
      /** @enum {string} */
      status:
        | "requested"
        | "scheduled"
        | "searching"
        | "driver_assigned"
        | "driver_arrived"
        | "in_progress"
        | "completed"
        | "cancelled"
        | "no_driver";
      /** @enum {string} */
      service: "passenger" | "goods";
      vehicle_class: string;
      city_id: string;
      /** Format: uuid */
      rider_id: string;
      /**
       * @example {
       *   "lat": 23.0225,
       *   "lng": 72.5714
       * }
       */
      pickup: components["schemas"]["LatLng"] & {
        address?: string;
      };
      /**
       * @example {
       *   "lat": 23.0225,
       *   "lng": 72.5714
       * }
       */
      dropoff: components["schemas"]["LatLng"] & {
        address?: string;
      };
      stops: components["schemas"]["RideStop"][];
      package: components["schemas"]["Package"] & (Record<string, never> | null);
      /** @description A ride booked for later: the time it is booked for (ISO 8601 UTC). */
      scheduled_at: string | null;
      /** @enum {string} */
      payment_method: "card" | "cash" | "wallet" | "upi";
      surge: number;
      estimate: components["schemas"]["Fare"];
      estimated_distance_m: number;
      estimated_duration_s: number;
      driver: {
        /** Format: uuid */
        id: string;
        name: string;
        rating: number;
        /** @description How many ratings the average is of. */
        rating_count?: number;
        vehicle: {
          id: string;
          vehicle_class: string;
          plate: string | null;
          model: string | null;
          color: string | null;
        };
      } | null;
      driver_location: {
        lat: number;
        lng: number;
        heading: number | null;
        /** Format: date-time */
        ts: string;
      } | null;
      fare: components["schemas"]["Fare"] & (Record<string, never> | null);
      payment: components["schemas"]["RidePayment"];
      driven_m: number;
      cancellation: {
        by: string;
        reason: string | null;
        fee: components["schemas"]["Money"];
      } | null;
      timestamps: {
        [key: string]: string;
      };
    };
    /**
     * @example {
     *   "index": 0,
     *   "lat": 23.0395,
     *   "lng": 72.5661,
     *   "address": "12 CG Road",
     *   "contact_name": "Asha",
     *   "contact_phone": "+919812345678",
     *   "status": "failed",
     *   "reason": "Nobody at the address",
     *   "arrived_at": "2026-11-30T09:15:02.120Z",
     *   "completed_at": null,
     *   "failed_at": "2026-11-30T09:21:40.000Z",
     *   "flagged": false,
     *   "code": "4821"
     * }
     */
    RideStop: components["schemas"]["LatLng"] & {
      index: number;
      address?: string;
      contact_name: string | null;
      contact_phone: string | null;
      /**
       * @description pending → arrived → completed, or failed (with `reason`)
       * @enum {string}
       */
      status: "pending" | "arrived" | "completed" | "failed";
      /** @description Why the drop failed; null otherwise. */
      reason: string | null;
      arrived_at: string | null;
      completed_at: string | null;
      failed_at: string | null;
      /** @description Five wrong codes were sent for this drop: it completes only with a drop photo, and an admin looks at it. */
      flagged: boolean;
      /** @description The drop's 4-digit proof-of-delivery code, for the sender and admins only (never in what the driver reads); null for a ride opened before codes. */
      code?: string | null;
    };
    RidePayment: {
      /** Format: uuid */
      id: string | null;
      /** @enum {string} */
      method: "card" | "cash" | "wallet" | "upi";
      /** @description pending, authorized, succeeded, cancelled, failed, refunded, partially_refunded */
      status: string;
      authorized: components["schemas"]["Money"];
      captured: components["schemas"]["Money"];
      refunded: components["schemas"]["Money"];
    };
    /**
     * @example {
     *   "lat": 23.0225,
     *   "lng": 72.5714
     * }
     */
    StopRequest: components["schemas"]["LatLng"] & {
      address?: string;
      contact_name?: string;
      contact_phone?: string;
    };
    Tip: {
      /** Format: uuid */
      payment_id: string;
      /** Format: uuid */
      ride_id: string;
      amount: components["schemas"]["Money"];
      /** @enum {string} */
      method: "card" | "wallet";
      status: string;
    };
    ProofPhoto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      stage: "pickup" | "drop";
      /** @description The drop; null for the pickup. */
      index: number | null;
      /** @description When the photo was received (ISO 8601). */
      taken_at: string;
      /** @description The driver's last known position when the photo came; null when none was known. */
      position: {
        lat: number;
        lng: number;
        ts: string;
      } | null;
      content_type: string;
      bytes: number;
      /** @description GET it (the sender and admins): `/v1/rides/{id}/photos/{photo_id}`. */
      url: string;
    };
    RideProofs: {
      /** Format: uuid */
      ride_id: string;
      photos: components["schemas"]["ProofPhoto"][];
      stops: {
        index: number;
        status: string;
        /** @description The drop's 4-digit code; null for a ride opened before codes. */
        code: string | null;
        /**
         * @description `pending` until the driver gives it, `confirmed` when they did, `locked` after five wrong codes (then only a drop photo completes the drop), `none` before codes.
         * @enum {string}
         */
        code_status: "none" | "pending" | "confirmed" | "locked";
        wrong_codes: number;
        /** @description Five wrong codes: for an admin to look at. */
        flagged: boolean;
        flagged_at: string | null;
        /**
         * @description How the completed drop was proved.
         * @enum {string|null}
         */
        proof: "code" | "photo" | null;
        photos: string[];
      }[];
    };
    RatingSummary: {
      /** Format: uuid */
      user_id: string;
      role: string;
      /** @description Two decimals; 5 until the first rating. */
      average: number;
      count: number;
      histogram: {
        1?: number;
        2?: number;
        3?: number;
        4?: number;
        5?: number;
      };
      /** @description How often each tag was given, most first. */
      tags: {
        [key: string]: number;
      };
    };
    UsableCoupon: components["schemas"]["Coupon"] & {
      /** @description How many more times the caller may use it. */
      uses_left: number;
    };
    Referral: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      referrer_id: string;
      /** @enum {string} */
      status: "pending" | "completed" | "expired";
      created_at: string;
    };
    ReferralStats: {
      code: string;
      referred: number;
      pending: number;
      completed: number;
      earned: components["schemas"]["Money"][];
      points_earned: number;
      /** @description The referral applied to the caller's own account, if any. */
      referred_by: {
        /** Format: uuid */
        user_id: string;
        /** @enum {string} */
        status: "pending" | "completed" | "expired";
      } | null;
    };
    PointsEntry: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: "earned" | "redeemed" | "expired" | "adjusted";
      /** @description Positive when earned, negative when redeemed. */
      points: number;
      /** @description `ride`, `booking`, `referral`, `redeem`. */
      source: string;
      /** Format: uuid */
      ride_id: string | null;
      /** Format: uuid */
      booking_id: string | null;
      description: string;
      expires_at: string | null;
      created_at: string;
    };
    PaymentsConfig: {
      /** @enum {string} */
      provider: "stripe";
      publishable_key: string;
      /** @description Outside production, the Stripe stand-in's base URL: point the app's Stripe SDK there. */
      api_base: string | null;
    };
    SetupIntent: {
      id: string;
      client_secret: string;
      customer_id: string;
    };
    PaymentMethod: {
      id: string;
      brand: string;
      last4: string;
      exp_month: number;
      exp_year: number;
      is_default: boolean;
    };
    Balance: {
      /** @enum {string} */
      account: "wallet" | "earnings";
      currency: string;
      available: components["schemas"]["Money"];
      pending: components["schemas"]["Money"];
    };
    WalletTransaction: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      account: "wallet" | "earnings";
      /** @description topup, ride_payment, ride_hold, driver_share, tip, withdrawal, refund, cash_kept, … */
      code: string;
      amount: components["schemas"]["Money"];
      /** @enum {string} */
      status: "posted" | "pending";
      /** Format: uuid */
      ride_id: string | null;
      /** Format: uuid */
      booking_id: string | null;
      created_at: string;
    };
    TopUp: {
      /** Format: uuid */
      payment_id: string;
      payment_intent_id: string;
      client_secret: string | null;
      amount: components["schemas"]["Money"];
      status: string;
    };
    Withdrawal: {
      /** Format: uuid */
      id: string;
      amount: components["schemas"]["Money"];
      /** @enum {string} */
      status: "pending" | "in_transit" | "paid" | "failed";
      payout_id: string | null;
      failure_code: string | null;
      created_at: string;
    };
    PayoutAccount: {
      account_id: string | null;
      /** @enum {string} */
      status: "none" | "onboarding" | "enabled" | "restricted";
      payouts_enabled: boolean;
      onboarding_url: string | null;
    };
    Spot: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      owner_id: string;
      title: string;
      description: string;
      spot_type: string;
      vehicle_size: string;
      address: string;
      city: string;
      postal_code: string | null;
      country_code: string;
      timezone: string;
      location: components["schemas"]["LatLng"];
      rates: {
        hourly: components["schemas"]["Money"];
        daily: components["schemas"]["Money"] & (Record<string, never> | null);
        monthly: components["schemas"]["Money"] & (Record<string, never> | null);
      };
      amenities: string[];
      images: string[];
      operating_hours: {
        [key: string]: string[];
      } | null;
      access_instructions: string | null;
      cancellation_policy: string;
      is_active: boolean;
      rating: {
        average: number;
        count: number;
      };
      created_at: string;
      updated_at: string;
    };
    SpotResult: components["schemas"]["Spot"] & {
      distance_m: number;
      quote: {
        duration_minutes: number;
        subtotal: components["schemas"]["Money"];
        service_fee: components["schemas"]["Money"];
        total: components["schemas"]["Money"];
      } | null;
    };
    SpotReview: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      spot_id: string;
      /** Format: uuid */
      booking_id: string;
      /** Format: uuid */
      author_id: string;
      author_name: string | null;
      rating: number;
      comment: string | null;
      owner_response: string | null;
      owner_responded_at: string | null;
      helpful_count: number;
      created_at: string;
    };
    BookingQuote: {
      /** Format: uuid */
      spot_id: string;
      starts_at: string;
      ends_at: string;
      duration_minutes: number;
      lines: {
        /** @enum {string} */
        unit: "hour" | "day" | "month";
        count: number;
        amount: components["schemas"]["Money"];
      }[];
      subtotal: components["schemas"]["Money"];
      service_fee: components["schemas"]["Money"];
      total: components["schemas"]["Money"];
      owner_payout: components["schemas"]["Money"];
    };
    BookingCreated: components["schemas"]["Booking"] & {
      /** @description A card booking's PaymentIntent: confirm it in the app; the booking is confirmed on its webhook. */
      payment: {
        payment_intent_id: string;
        client_secret: string | null;
      } | null;
    };
    City: {
      id: string;
      /** @description The short code in the city's order numbers (`AMD` in `CB-AMD-000123`). */
      code: string;
      name: string;
      country_code: string;
      currency: string;
      timezone: string;
      /** @description GeoJSON polygon ([lng, lat] pairs). */
      service_area: {
        /** @enum {string} */
        type: "Polygon";
        coordinates: [number, number][][];
      };
      surge_cap: number;
      cancellation_grace_s: number;
      taxes: {
        code: string;
        name: string;
        /** @description Parts per million: 90000 = 9 %. */
        rate_ppm: number;
      }[];
    };
    CityDetail: components["schemas"]["City"] & {
      pricing: components["schemas"]["Pricing"][];
    };
    VehicleClass: {
      id: string;
      name: string;
      description: string;
      services: ("passenger" | "goods")[];
      seats: number;
      /** @description The heaviest package a delivery of this class carries. */
      max_weight_kg: number;
      /** @description The longest trip of this class (road distance as estimated); null: no limit. */
      max_distance_km: number | null;
    };
  };
  responses: never;
  parameters: {};
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {
  /** Health of the database and the actors */
  getHealth: {
    responses: {
      /** @description Everything is reachable */
      200: {
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
      /** @description Something is not */
      503: {
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
    };
  };
  /** Create an account with email and password */
  register: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: email
           * @example rider1@curbside.test
           */
          email: string;
          /** @example curbside-demo */
          password: string;
          name: string;
          phone?: string;
          /**
           * @description Admins are never self-registered.
           * @enum {string}
           */
          role: "rider" | "driver" | "owner";
        };
      };
    };
    responses: {
      /** @description The new account, signed in */
      201: {
        content: {
          "application/json": components["schemas"]["Tokens"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Sign in with email and password */
  login: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: email
           * @example rider1@curbside.test
           */
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Signed in */
      200: {
        content: {
          "application/json": components["schemas"]["Tokens"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Send a login code by SMS
   * @description Codes are 6 digits, valid 5 minutes, 5 attempts. Limited per phone and per IP.
   */
  sendOtp: {
    requestBody: {
      content: {
        "application/json": {
          phone: string;
          country_code: string;
          /**
           * @description Admins are never self-registered.
           * @enum {string}
           */
          role: "rider" | "driver" | "owner";
        };
      };
    };
    responses: {
      /** @description The code is on its way */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            otp_id: string;
            expires_in: number;
            /** @description Outside production with OTP_ECHO only. */
            dev_code?: string;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Sign in (or sign up) with a login code */
  verifyOtp: {
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          otp_id: string;
          code: string;
        };
      };
    };
    responses: {
      /** @description Signed in; `is_new_user` when the account was created now */
      200: {
        content: {
          "application/json": components["schemas"]["Tokens"] & {
            is_new_user: boolean;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (410) */
      410: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Trade a refresh token for a new pair
   * @description Every refresh token works once. Presenting a used one again revokes every token of its session (family).
   */
  refreshTokens: {
    requestBody: {
      content: {
        "application/json": {
          refresh_token: string;
        };
      };
    };
    responses: {
      /** @description A new pair */
      200: {
        content: {
          "application/json": components["schemas"]["Tokens"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * End a session
   * @description Revokes the refresh token's whole session. Access tokens already issued expire within 15 minutes.
   */
  logout: {
    requestBody: {
      content: {
        "application/json": {
          refresh_token: string;
        };
      };
    };
    responses: {
      /** @description Signed out */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's account */
  getMe: {
    responses: {
      /** @description The account */
      200: {
        content: {
          "application/json": components["schemas"]["Me"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Change the caller's name or email */
  updateMe: {
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          /** Format: email */
          email?: string;
        };
      };
    };
    responses: {
      /** @description The account */
      200: {
        content: {
          "application/json": components["schemas"]["User"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's saved addresses, newest first */
  listAddresses: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of addresses */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Address"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Save an address */
  createAddress: {
    requestBody: {
      content: {
        "application/json": {
          label?: string;
          line: string;
          landmark?: string | null;
          location: components["schemas"]["LatLng"];
          is_default?: boolean;
        };
      };
    };
    responses: {
      /** @description The address */
      201: {
        content: {
          "application/json": components["schemas"]["Address"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** One saved address */
  getAddress: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The address */
      200: {
        content: {
          "application/json": components["schemas"]["Address"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Delete a saved address */
  deleteAddress: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Deleted */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Change a saved address (or make it the default) */
  updateAddress: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          label?: string;
          line?: string;
          landmark?: string | null;
          location?: components["schemas"]["LatLng"];
          is_default?: boolean;
        };
      };
    };
    responses: {
      /** @description The address */
      200: {
        content: {
          "application/json": components["schemas"]["Address"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Register a device for push notifications */
  registerDevice: {
    requestBody: {
      content: {
        "application/json": components["schemas"]["RegisterDevice"];
      };
    };
    responses: {
      /** @description The device */
      201: {
        content: {
          "application/json": components["schemas"]["Device"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Forget a device: no more push to it */
  forgetDevice: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Forgotten */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's notification channels per category */
  getNotificationPreferences: {
    responses: {
      /** @description The preferences */
      200: {
        content: {
          "application/json": components["schemas"]["NotificationPreferences"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Turn channels on or off per category (only those named change) */
  updateNotificationPreferences: {
    requestBody: {
      content: {
        "application/json": components["schemas"]["NotificationPreferencesChange"];
      };
    };
    responses: {
      /** @description The preferences after */
      200: {
        content: {
          "application/json": components["schemas"]["NotificationPreferences"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's notifications, newest first, and how many are unread */
  listNotifications: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description `true`: only unread ones. */
        unread?: "true" | "false";
      };
    };
    responses: {
      /** @description A page of notifications */
      200: {
        content: {
          "application/json": components["schemas"]["NotificationPage"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Mark notifications read: these ids, or all */
  markNotificationsRead: {
    requestBody: {
      content: {
        "application/json": components["schemas"]["MarkNotificationsRead"];
      };
    };
    responses: {
      /** @description How many changed, and the unread count after */
      200: {
        content: {
          "application/json": {
            marked: number;
            unread_count: number;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Available drivers near a point, nearest first
   * @description For a rider's map. Searches every cell the circle touches; positions are rounded to 4 decimal places (about 10 m) and drivers are not identified.
   */
  listNearbyDrivers: {
    parameters: {
      query: {
        lat: string;
        lng: string;
        vehicle_class?: string;
        /** @description Search radius, 100–8000 m (3000). */
        radius_m?: string;
        /** @description At most this many drivers, 1–20 (10). */
        limit?: string;
      };
    };
    responses: {
      /** @description The drivers found */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["NearbyDriver"][];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The driver's profile and verification status */
  getDriverProfile: {
    responses: {
      /** @description The profile */
      200: {
        content: {
          "application/json": components["schemas"]["DriverProfile"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The driver's vehicles */
  listVehicles: {
    responses: {
      /** @description The vehicles */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Vehicle"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Add a vehicle
   * @description The first vehicle becomes the active one; `is_active: true` switches to the new one.
   */
  createVehicle: {
    requestBody: {
      content: {
        "application/json": {
          vehicle_class: string;
          plate: string;
          make?: string;
          model: string;
          color?: string;
          seats?: number;
          max_weight_kg?: number;
          is_active?: boolean;
        };
      };
    };
    responses: {
      /** @description The vehicle */
      201: {
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** One of the driver's vehicles */
  getVehicle: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The vehicle */
      200: {
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Choose the vehicle to drive */
  updateVehicle: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          is_active: boolean;
        };
      };
    };
    responses: {
      /** @description The vehicle */
      200: {
        content: {
          "application/json": components["schemas"]["Vehicle"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The driver's uploaded documents */
  listDocuments: {
    responses: {
      /** @description The documents */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Document"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Upload a licence, registration, insurance or other document */
  uploadDocument: {
    requestBody: {
      content: {
        "multipart/form-data": {
          /** @enum {string} */
          kind: "licence" | "registration" | "insurance" | "id_proof" | "permit" | "other";
          /** Format: binary */
          file: string;
          /** Format: uuid */
          vehicle_id?: string;
        };
      };
    };
    responses: {
      /** @description The stored document, pending review */
      201: {
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (413) */
      413: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** One uploaded document's details */
  getDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The document */
      200: {
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Download an uploaded document */
  downloadDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The file */
      200: {
        content: {
          "application/octet-stream": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Go online at a position, or offline, without a socket
   * @description Online takes the checks of the driver websocket: 403 `not_a_driver`, `driver_not_verified` or `no_active_vehicle`. Going online again resumes an open offer or ride. Offline returns an open offer to its ride; on a ride it is 409 `status_locked`. A driver who makes no call for 60 s (the socket's silence) goes offline by themselves.
   */
  setDriverOnlineStatus: {
    requestBody: {
      content: {
        "application/json": OneOf<
          [
            {
              /** @enum {string} */
              status: "online";
              lat: number;
              lng: number;
            },
            {
              /** @enum {string} */
              status: "offline";
            },
          ]
        >;
      };
    };
    responses: {
      /** @description The driver's jobs */
      200: {
        content: {
          "application/json": components["schemas"]["DriverJobs"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Report the driver's position, as the socket's location frame
   * @description Taken by the driver's cell as a socket's `location` frame: the riders of a ride in progress see it. A position in the next cell moves the driver there. 409 `driver_offline` when the driver is not online.
   */
  reportDriverLocation: {
    requestBody: {
      content: {
        "application/json": {
          lat: number;
          lng: number;
          heading?: number;
          speed?: number;
          ts: number | string;
        };
      };
    };
    responses: {
      /** @description The driver's jobs */
      200: {
        content: {
          "application/json": components["schemas"]["DriverJobs"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The driver's status, open offer and current ride
   * @description Poll this instead of holding a socket; status `offline` when the driver is not online.
   */
  getDriverJobs: {
    responses: {
      /** @description The driver's jobs */
      200: {
        content: {
          "application/json": components["schemas"]["DriverJobs"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Accept the open offer of a ride
   * @description 404 `offer_not_found` when the driver holds no open offer of this ride; 409 `offer_expired` when it lapsed or the ride went elsewhere meanwhile.
   */
  acceptJob: {
    parameters: {
      path: {
        ride_id: string;
      };
    };
    responses: {
      /** @description The driver's jobs */
      200: {
        content: {
          "application/json": components["schemas"]["DriverJobs"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Decline the open offer of a ride
   * @description 404 `offer_not_found` when the driver holds no open offer of this ride; 409 `offer_expired` when it lapsed or the ride went elsewhere meanwhile.
   */
  declineJob: {
    parameters: {
      path: {
        ride_id: string;
      };
    };
    responses: {
      /** @description The driver's jobs */
      200: {
        content: {
          "application/json": components["schemas"]["DriverJobs"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's earnings per ride and per day */
  getDriverEarnings: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
    };
    responses: {
      /** @description Earnings in the window */
      200: {
        content: {
          "application/json": {
            from: string;
            to: string;
            rides: components["schemas"]["RideEarning"][];
            days: components["schemas"]["EarningsDay"][];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Payments, newest first: by status, purpose, method, payer, ride, booking or time */
  searchPayments: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description From this instant, inclusive (ISO 8601). */
        from?: string;
        /** @description Until this instant, exclusive (ISO 8601). */
        to?: string;
        status?:
          | "pending"
          | "requires_action"
          | "authorized"
          | "succeeded"
          | "cancelled"
          | "failed"
          | "refunded"
          | "partially_refunded";
        purpose?: "ride" | "ride_extra" | "tip" | "topup" | "booking";
        method?: "card" | "cash" | "wallet" | "upi";
        user_id?: string;
        ride_id?: string;
        booking_id?: string;
      };
    };
    responses: {
      /** @description A page of payments */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Payment"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Refund a payment, whole or in part */
  refundPayment: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          amount?: components["schemas"]["Amount"];
          reason: string;
        };
      };
    };
    responses: {
      /** @description The payment after the refund */
      200: {
        content: {
          "application/json": components["schemas"]["Payment"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Open differences between the provider and the ledger, newest first */
  listPaymentDrifts: {
    responses: {
      /** @description Open drifts */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["PaymentDrift"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Rides, newest first: by order number, status, city, service, driver, rider or request time
   * @description An order number that is well formed but names no ride is an empty page; one that cannot be an order number is 400 naming `order_number`.
   */
  searchRides: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description An order number, in any case (`cb-amd-000123`). */
        order_number?: string;
        /** @description A city's id (`ahmedabad`). */
        city_id?: string;
        status?:
          | "requested"
          | "scheduled"
          | "searching"
          | "driver_assigned"
          | "driver_arrived"
          | "in_progress"
          | "completed"
          | "cancelled"
          | "no_driver";
        service?: "passenger" | "goods";
        driver_id?: string;
        rider_id?: string;
        /** @description From this instant, inclusive (ISO 8601). */
        from?: string;
        /** @description Until this instant, exclusive (ISO 8601). */
        to?: string;
      };
    };
    responses: {
      /** @description A page of rides */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["AdminRide"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Ride ratings of 2 or less waiting for an admin, newest first */
  listFlaggedRatings: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of ratings */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["RideRating"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Take a flagged rating off the queue (once) */
  resolveFlaggedRating: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The rating */
      200: {
        content: {
          "application/json": components["schemas"]["RideRating"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Every coupon with its uses, newest first */
  listCoupons: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of coupons */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["AdminCoupon"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Create a coupon
   * @description 409 `coupon_code_taken`; 422 `invalid_coupon` (a percentage over 10000 basis points, a fixed amount or a cap without a currency, an end before the start) or `city_not_found`.
   */
  createCoupon: {
    requestBody: {
      content: {
        "application/json": {
          code: string;
          description?: string;
          /** @enum {string} */
          discount_type: "percent" | "fixed";
          /** @description Basis points for `percent` (at most 10000), minor units for `fixed`. */
          discount_value: number;
          /** @description Needed for a fixed amount, a maximum or a minimum. */
          currency?: string;
          max_discount_amount?: number;
          min_order_amount?: number;
          usage_limit?: number;
          /** @default 1 */
          per_user_limit?: number;
          /** @default false */
          new_users_only?: boolean;
          city_id?: string;
          /** @description What it applies to; all when absent. */
          services?: ("passenger" | "goods" | "parking")[];
          vehicle_classes?: string[];
          /** Format: date-time */
          valid_from?: string;
          /** Format: date-time */
          valid_until?: string;
        };
      };
    };
    responses: {
      /** @description The coupon */
      201: {
        content: {
          "application/json": components["schemas"]["AdminCoupon"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Deactivate, describe, extend or limit a coupon
   * @description `is_active: false` stops new uses (uses already reserved still complete). A `usage_limit` under the uses so far is 409 `usage_limit_below_uses`.
   */
  updateCoupon: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          is_active?: boolean;
          description?: string;
          /** Format: date-time */
          valid_until?: string | null;
          usage_limit?: number | null;
        };
      };
    };
    responses: {
      /** @description The coupon */
      200: {
        content: {
          "application/json": components["schemas"]["AdminCoupon"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Accounts, newest first: by name, email or phone, role and status */
  searchUsers: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description Part of a name, an email or a phone number (digits, in any format). */
        q?: string;
        role?: "rider" | "driver" | "owner" | "admin";
        status?: "active" | "suspended" | "deleted";
      };
    };
    responses: {
      /** @description A page of accounts */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["AdminUser"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Suspend an account
   * @description At once: the account's refresh tokens are revoked, its access tokens are refused (403 `account_suspended`: by the Worker isolate that answers this at once, by every other isolate serving traffic within about 2 s), and its sockets close with 4403 `account_suspended`. Rides under way go on and are listed. 409 `already_suspended`, `own_account`, `deleted`.
   */
  suspendUser: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Why; kept in the audit log. */
          reason: string;
        };
      };
    };
    responses: {
      /** @description The account after the change */
      200: {
        content: {
          "application/json": components["schemas"]["UserStatusChange"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Lift a suspension
   * @description The account is active again; its user signs in anew (the suspension ended their sessions). 409 `not_suspended`.
   */
  reinstateUser: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Why; kept in the audit log. */
          reason: string;
        };
      };
    };
    responses: {
      /** @description The account after the change */
      200: {
        content: {
          "application/json": components["schemas"]["UserStatusChange"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** What admins did, newest first: by admin, action, target or time */
  listAdminAudit: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description From this instant, inclusive (ISO 8601). */
        from?: string;
        /** @description Until this instant, exclusive (ISO 8601). */
        to?: string;
        actor_id?: string;
        /** @description `user.suspend`, `driver.verify`, `payment.refund`, … */
        action?: string;
        /** @description `user`, `driver`, `ride`, `payment`, `pricing`, … */
        target_type?: string;
        target_id?: string;
      };
    };
    responses: {
      /** @description A page of the audit log */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["AdminAuditEntry"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Parking bookings, newest first: by status, spot, renter, owner or when made */
  searchBookings: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description From this instant, inclusive (ISO 8601). */
        from?: string;
        /** @description Until this instant, exclusive (ISO 8601). */
        to?: string;
        status?: "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "refunded";
        spot_id?: string;
        renter_id?: string;
        /** @description The spots' owner. */
        owner_id?: string;
      };
    };
    responses: {
      /** @description A page of bookings */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Booking"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Active tariffs by city, vehicle class and service */
  listTariffs: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        /** @description A city's id (`ahmedabad`). */
        city?: string;
        service?: "passenger" | "goods";
      };
    };
    responses: {
      /** @description A page of tariffs */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["AdminTariff"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Set a city's tariff for a vehicle class and service
   * @description Send If-Match with the tariff's `version` to change it, or If-None-Match: * to create one (neither: 428; a stale version: 412 `version_mismatch`; a tariff that exists: 412 `tariff_exists`). Every price is in the city's currency (422 `currency_mismatch`). New estimates use it at once here, and in every Worker isolate within 30 s; an unchanged tariff is not written again.
   */
  putTariff: {
    parameters: {
      header?: {
        /** @description The `version` of the tariff being changed (as an ETag, quoted or not). */
        "if-match"?: string;
        /** @description `*`: create a tariff where there is none. */
        "if-none-match"?: "*";
      };
      path: {
        /** @description A city's id (`ahmedabad`). */
        city: string;
        /** @description A vehicle class's id (`car`). */
        class: string;
        service: "passenger" | "goods";
      };
    };
    requestBody: {
      content: {
        "application/json": {
          base_fare: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          };
          per_km: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          };
          per_minute: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          };
          minimum_fare: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          };
          cancellation_fee: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          };
          /** @description null: this class offers no load assist here. */
          load_assist: {
            /** @description Integer minor units. */
            amount: number;
            /** @description The city's currency (ISO 4217). */
            currency: string;
          } | null;
          /** @description The platform's share, 2000 = 20 %. */
          commission_bps: number;
        };
      };
    };
    responses: {
      /** @description The tariff now in force */
      200: {
        content: {
          "application/json": components["schemas"]["AdminTariff"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (412) */
      412: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (428) */
      428: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Rides, money and parking per UTC hour or day
   * @description At most 744 hourly or 366 daily buckets (else 400 `window_too_long`). Rides are counted in the bucket they were requested in, money in the bucket it moved in, parking bookings when made; occupancy is the booked share of the active spots' time.
   */
  getAnalytics: {
    parameters: {
      query: {
        /** @description A city's id; every city when absent. */
        city?: string;
        /** @description From this instant, inclusive (ISO 8601). */
        from: string;
        /** @description Until this instant, exclusive (ISO 8601). */
        to: string;
        bucket?: "hour" | "day";
      };
    };
    responses: {
      /** @description The figures */
      200: {
        content: {
          "application/json": components["schemas"]["Analytics"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Drivers by verification status, oldest first (the review queue) */
  listDriversForReview: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        status?: "pending" | "verified" | "rejected" | "suspended";
      };
    };
    responses: {
      /** @description A page of drivers */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["DriverReview"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A driver with vehicles and documents */
  getDriverForReview: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The driver */
      200: {
        content: {
          "application/json": components["schemas"]["DriverDetail"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Verify a driver */
  verifyDriver: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The driver's new status */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            user_id: string;
            /** @enum {string} */
            status: "pending" | "verified" | "rejected" | "suspended";
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Reject a driver, with the reason they will see */
  rejectDriver: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          reason: string;
        };
      };
    };
    responses: {
      /** @description The driver's new status */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            user_id: string;
            /** @enum {string} */
            status: "pending" | "verified" | "rejected" | "suspended";
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Download a driver's document */
  downloadDriverDocument: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The file */
      200: {
        content: {
          "application/octet-stream": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Price a trip for each vehicle class that can take it
   * @description Outside every service area: 422 `outside_service_area`. A delivery's package leaves out the classes that cannot carry its weight, and every class leaves itself out past its `max_distance_km`; when none is left (or the one asked for cannot take it) the answer is 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`, naming the `vehicle_class` whose limit it is.
   */
  estimateRide: {
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          service: "passenger" | "goods";
          pickup: components["schemas"]["LatLng"];
          dropoff: components["schemas"]["LatLng"];
          stops?: components["schemas"]["LatLng"][];
          vehicle_class?: string;
          package?: components["schemas"]["Package"];
        };
      };
    };
    responses: {
      /** @description One option per vehicle class */
      200: {
        content: {
          "application/json": components["schemas"]["Estimate"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The caller's rides (as rider or driver), newest first
   * @description `status` keeps the rides of that status, as they are now: `?status=scheduled` lists the rides booked for later that have not started dispatch.
   */
  listRides: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        status?:
          | "requested"
          | "scheduled"
          | "searching"
          | "driver_assigned"
          | "driver_arrived"
          | "in_progress"
          | "completed"
          | "cancelled"
          | "no_driver";
      };
    };
    responses: {
      /** @description A page of rides */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["RideSummary"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Request a ride or a delivery
   * @description Send an `Idempotency-Key` header to retry safely: the same key and body return the same ride; the same key with another body is a 422. The payment is held first: a card holds the estimate plus the city's buffer on the rider's default card (402 `payment_failed` on a decline), a wallet holds the estimate (402 `insufficient_funds`), cash holds nothing; `upi` is 422 `payment_method_unavailable`. Over the class's limits: 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`. On a refusal no ride is created. The ride gets its order number (`CB-AMD-000123`) here.
   */
  createRide: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          service: "passenger" | "goods";
          /**
           * @example {
           *   "lat": 23.0225,
           *   "lng": 72.5714
           * }
           */
          pickup: components["schemas"]["LatLng"] & {
            address?: string;
          };
          /**
           * @example {
           *   "lat": 23.0225,
           *   "lng": 72.5714
           * }
           */
          dropoff: components["schemas"]["LatLng"] & {
            address?: string;
          };
          /** @description Up to five drops on the way, in order, each with its contact. The driver takes them in order (`/v1/rides/{id}/stops/{index}/…`); the ride completes after the last. Each is charged as a `stops` fare line. */
          stops?: components["schemas"]["StopRequest"][];
          vehicle_class: string;
          package?: components["schemas"]["Package"];
          /**
           * @default cash
           * @enum {string}
           */
          payment_method?: "card" | "cash" | "wallet" | "upi";
          /**
           * Format: date-time
           * @description Book the ride for later: ISO 8601, from 15 minutes to 7 days ahead (else 422 `scheduled_at_out_of_range` with `earliest` and `latest`). The ride is `scheduled` and starts looking for a driver 10 minutes before; it is charged its quoted total; a card is held when dispatch starts, and a decline then cancels the ride.
           * @example 2026-12-01T09:00:00+05:30
           */
          scheduled_at?: string;
          /**
           * @description A coupon (`POST /v1/coupons/validate` says what it takes off): its discount is a `discount` line of the estimate and the fare, before taxes. An unusable code is 422 naming why (`coupon_expired`, `coupon_used_up`, …) and no ride is made. Its use is given back if the ride is cancelled.
           * @example WELCOME50
           */
          coupon_code?: string;
        };
      };
    };
    responses: {
      /** @description The ride an earlier request with this Idempotency-Key created */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description The ride, searching for a driver (or `scheduled`, booked for later) */
      201: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (402) */
      402: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (429) */
      429: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A ride as it is now (everything the ride's socket shows) */
  getRide: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The ride */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Cancel a ride
   * @description The rider: free until a driver is assigned and within the city's grace period after; the city's fee after that. The assigned driver: the ride goes back to dispatch without them.
   */
  cancelRide: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description The ride after the cancellation */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The driver is at the pickup */
  arriveAtPickup: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The ride */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The trip has started */
  startRide: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The ride */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The trip is complete; the fare is computed from the driven track (409 `stops_pending` while a stop is open) */
  completeRide: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The ride */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Tip the driver after a completed ride (paid to them in full)
   * @description By card (off session, on the default card) or from the wallet; by default the ride's own method, card for a cash ride. One tip per ride: the same tip again returns it, another is 409 `already_tipped`.
   */
  tipDriver: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          amount: components["schemas"]["Amount"];
          /** @enum {string} */
          method?: "card" | "wallet";
        };
      };
    };
    responses: {
      /** @description The tip, paid */
      201: {
        content: {
          "application/json": components["schemas"]["Tip"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (402) */
      402: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The driver confirms they collected a cash ride's fare
   * @description The fare enters the ledger as cash the driver keeps; the commission and taxes become their debt, netted against later card and wallet earnings. Once per ride.
   */
  confirmCashCollected: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The ride's payment */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            id: string | null;
            method: string;
            status: string;
            authorized: components["schemas"]["Money"];
            captured: components["schemas"]["Money"];
            refunded: components["schemas"]["Money"];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The driver is at a stop
   * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
   */
  arriveAtStop: {
    parameters: {
      path: {
        id: string;
        /** @description The stop, 0 for the first. */
        index: string;
      };
    };
    responses: {
      /** @description The ride, with every stop */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The drop at a stop is done
   * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
   */
  completeStop: {
    parameters: {
      path: {
        id: string;
        /** @description The stop, 0 for the first. */
        index: string;
      };
    };
    requestBody?: {
      content: {
        "application/json": {
          /**
           * @description The drop's 4-digit code, from its recipient. 409 `code_required` without it, `wrong_code` for another (the fifth wrong one locks the drop: then 409 `code_locked` until a drop photo is sent, `POST /v1/rides/{id}/photos`, and the drop is flagged for an admin).
           * @example 4821
           */
          code?: string;
        };
      };
    };
    responses: {
      /** @description The ride, with every stop */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The drop at a stop could not be done
   * @description A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.
   */
  failStop: {
    parameters: {
      path: {
        id: string;
        /** @description The stop, 0 for the first. */
        index: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description What the sender is told. */
          reason: string;
        };
      };
    };
    responses: {
      /** @description The ride, with every stop */
      200: {
        content: {
          "application/json": components["schemas"]["Ride"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * A proof-of-delivery photo at the pickup or a drop (the assigned driver)
   * @description JPEG or PNG (checked on the bytes), at most 10 MB: 415 `unsupported_image`, 413 `photo_too_large`. Recorded with the driver's last known position and the time. A pickup photo from assignment to the trip; a drop photo after arriving at that stop (409 `stop_not_arrived`, `invalid_state`); 404 `stop_not_found`, and `ride_not_found` for a ride that is not the driver's.
   */
  uploadRidePhoto: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "multipart/form-data": {
          /**
           * @description pickup, or drop (with `index`)
           * @enum {string}
           */
          stage: "pickup" | "drop";
          /** @description The drop, 0 for the first stop; only with `stage: drop`. */
          index?: string;
          /**
           * Format: binary
           * @description JPEG or PNG, at most 10 MB.
           */
          file: string;
        };
      };
    };
    responses: {
      /** @description The photo as recorded */
      201: {
        content: {
          "application/json": components["schemas"]["ProofPhoto"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (413) */
      413: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (415) */
      415: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The proofs of delivery: photos and each drop's code (the sender, admins)
   * @description 404 `ride_not_found` for anyone else, the driver included.
   */
  getRideProofs: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The proofs */
      200: {
        content: {
          "application/json": components["schemas"]["RideProofs"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * A proof-of-delivery photo (the sender, admins)
   * @description 404 `photo_not_found`, and `ride_not_found` for anyone else, the driver included.
   */
  getRidePhoto: {
    parameters: {
      path: {
        id: string;
        photo_id: string;
      };
    };
    responses: {
      /** @description The photo */
      200: {
        content: {
          "image/jpeg": string;
          "image/png": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The ride's receipt (PDF): fare lines, taxes with the city's tax registrations, discounts, tip, payment */
  getRideReceipt: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The receipt */
      200: {
        content: {
          "application/pdf": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Rate the other side of a completed ride (once, within 7 days)
   * @description The ride's rider rates its driver; its driver rates the rider. 409 `ride_not_completed`, `rating_window_closed` or `already_rated`; 422 `invalid_tag` for a tag the other side's list holds. The rated person's average and count move with the rating.
   */
  rateRide: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          rating: number;
          comment?: string;
          /** @description Up to five tags; which ones each side may give is in the enum's description. */
          tags?: (
            | "safe_driving"
            | "clean_vehicle"
            | "polite"
            | "on_time"
            | "good_navigation"
            | "unsafe_driving"
            | "dirty_vehicle"
            | "rude"
            | "late"
            | "wrong_route"
            | "respectful"
            | "clear_pickup"
            | "messy"
            | "wrong_pickup"
          )[];
        };
      };
    };
    responses: {
      /** @description The rating */
      201: {
        content: {
          "application/json": components["schemas"]["RideRating"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * A user's rating: average, count, histogram, tags
   * @description For the user themselves, admins, and anyone who shared a ride with them (either side); others get 404, as for a user who does not exist.
   */
  getUserRatings: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The summary */
      200: {
        content: {
          "application/json": components["schemas"]["RatingSummary"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The coupons the caller can use now */
  listUsableCoupons: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of coupons */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["UsableCoupon"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * What a coupon takes off an order, or why it cannot be used
   * @description 422 with the reason as `code`: `coupon_not_found`, `coupon_inactive`, `coupon_not_started`, `coupon_expired`, `coupon_used_up`, `coupon_already_used`, `coupon_new_users_only`, `coupon_not_for_service`, `coupon_not_for_vehicle_class`, `coupon_not_for_city`, `coupon_wrong_currency`, `coupon_below_minimum`. Nothing is reserved: that happens with the ride or booking.
   */
  validateCoupon: {
    requestBody: {
      content: {
        "application/json": {
          /**
           * @description Any case: codes are compared upper-cased.
           * @example WELCOME50
           */
          code: string;
          /** @enum {string} */
          service: "passenger" | "goods" | "parking";
          vehicle_class?: string;
          /** @description The city of the ride or spot; a coupon of one city is refused without it. */
          city_id?: string;
          amount: components["schemas"]["Amount"];
        };
      };
    };
    responses: {
      /** @description The coupon can be used */
      200: {
        content: {
          "application/json": {
            coupon: components["schemas"]["Coupon"];
            discount: components["schemas"]["Money"];
            amount_after: components["schemas"]["Money"];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's referral code */
  getReferralCode: {
    responses: {
      /** @description The code */
      200: {
        content: {
          "application/json": {
            /** @example K7MQ2XPA */
            code: string;
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Apply a friend's referral code (within 7 days of signing up, once)
   * @description 422 `referral_code_not_found`, `own_referral_code` or `referral_window_closed`; 409 `already_referred`. Both sides are rewarded when the caller completes a ride.
   */
  applyReferralCode: {
    requestBody: {
      content: {
        "application/json": {
          code: string;
        };
      };
    };
    responses: {
      /** @description The referral, pending */
      201: {
        content: {
          "application/json": components["schemas"]["Referral"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** How the caller's referrals stand and what they earned */
  getReferralStats: {
    responses: {
      /** @description The stats */
      200: {
        content: {
          "application/json": components["schemas"]["ReferralStats"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The caller's points: the balance, and the history newest first
   * @description Points expire 12 months after they were earned; the balance counts only those still valid.
   */
  getRewardPoints: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description The balance and a page of the history */
      200: {
        content: {
          "application/json": {
            balance: number;
            data: components["schemas"]["PointsEntry"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Turn points into wallet credit
   * @description At least 100 points; 1 point is ₹0.25 or 1 cent. `currency` defaults to the one the points were last earned in. 422 `below_minimum`, `insufficient_points` (with `balance`), `currency_not_supported`.
   */
  redeemRewardPoints: {
    requestBody: {
      content: {
        "application/json": {
          points: number;
          currency?: string;
        };
      };
    };
    responses: {
      /** @description The credit and the balance after */
      201: {
        content: {
          "application/json": {
            balance: number;
            credit: components["schemas"]["Money"];
            entry: components["schemas"]["PointsEntry"];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** What an app needs to talk to the card provider */
  getPaymentsConfig: {
    responses: {
      /** @description The configuration */
      200: {
        content: {
          "application/json": components["schemas"]["PaymentsConfig"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Start saving a card: the app confirms the SetupIntent with its client secret */
  createSetupIntent: {
    responses: {
      /** @description The SetupIntent */
      201: {
        content: {
          "application/json": components["schemas"]["SetupIntent"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's saved cards */
  listPaymentMethods: {
    responses: {
      /** @description Saved cards, the default marked */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["PaymentMethod"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Forget a saved card */
  deletePaymentMethod: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Forgotten */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Charge rides and tips to this card */
  setDefaultPaymentMethod: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description It is the default */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's balances */
  getWallet: {
    responses: {
      /** @description One balance per account and currency (none before the first movement) */
      200: {
        content: {
          "application/json": {
            balances: components["schemas"]["Balance"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's movements, newest first */
  listWalletTransactions: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of movements */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["WalletTransaction"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Add money: the app confirms the returned PaymentIntent; the wallet is credited on the provider's webhook */
  topUpWallet: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          amount: components["schemas"]["Amount"];
        };
      };
    };
    responses: {
      /** @description The top-up, to confirm */
      201: {
        content: {
          "application/json": components["schemas"]["TopUp"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Pay earnings out to the caller's connected account (drivers and owners) */
  withdrawEarnings: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          amount: components["schemas"]["Amount"];
        };
      };
    };
    responses: {
      /** @description The withdrawal, on its way */
      201: {
        content: {
          "application/json": components["schemas"]["Withdrawal"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (402) */
      402: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's withdrawals, newest first (the latest 100) */
  listWithdrawals: {
    responses: {
      /** @description Withdrawals and where each stands */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Withdrawal"][];
          };
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's connected account */
  getPayoutAccount: {
    responses: {
      /** @description The account */
      200: {
        content: {
          "application/json": components["schemas"]["PayoutAccount"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Create the caller's connected account (once) and a link to finish onboarding at the provider */
  startPayoutOnboarding: {
    requestBody: {
      content: {
        "application/json": {
          /** @description ISO 3166-1 alpha-2; default IN */
          country?: string;
          /** Format: uri */
          return_url?: string;
          /** Format: uri */
          refresh_url?: string;
        };
      };
    };
    responses: {
      /** @description The account and its onboarding link */
      200: {
        content: {
          "application/json": components["schemas"]["PayoutAccount"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Stripe's events (signed with the endpoint's secret) */
  receiveStripeWebhook: {
    parameters: {
      header?: {
        "stripe-signature"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          id: string;
          type: string;
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Received (applied, a duplicate, or a type Curbside does not handle) */
      200: {
        content: {
          "application/json": {
            /** @enum {boolean} */
            received: true;
            /** @enum {string} */
            outcome: "applied" | "duplicate" | "ignored";
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Spots near a place, free for a window
   * @description Active spots within `radius_m` of the point; with `starts_at` and `ends_at`, only those open for the whole window by their hours and held by no booking in any part of it, each with the window's quote. Sorted by `distance` (default, great-circle metres), `price` (hourly rate) or `rating`. Searches the city whose service area holds the point; outside every city the page is empty.
   */
  searchSpots: {
    parameters: {
      query: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        lat: string;
        lng: string;
        /** @description Metres, 1–50,000 (2,000). */
        radius_m?: string;
        starts_at?: string;
        ends_at?: string;
        spot_type?: "indoor" | "outdoor" | "covered" | "garage" | "driveway" | "lot";
        vehicle_size?: "motorcycle" | "compact" | "standard" | "large" | "oversized";
        max_hourly_rate?: string;
        /** @description Comma-separated: covered, ev_charging, security, lighting, accessible. */
        amenities?: string;
        sort?: "distance" | "price" | "rating";
      };
    };
    responses: {
      /** @description A page of spots */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["SpotResult"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * List a parking spot
   * @description Owners. The spot's city, currency and time zone come from the city whose service area holds its location.
   */
  createSpot: {
    requestBody: {
      content: {
        "application/json": {
          title: string;
          description?: string;
          /** @enum {string} */
          spot_type: "indoor" | "outdoor" | "covered" | "garage" | "driveway" | "lot";
          /** @enum {string} */
          vehicle_size: "motorcycle" | "compact" | "standard" | "large" | "oversized";
          address: string;
          postal_code?: string | null;
          location: components["schemas"]["LatLng"];
          /** @description Minor units of the city's currency */
          hourly_rate: number;
          daily_rate?: number | null;
          monthly_rate?: number | null;
          amenities?: ("covered" | "ev_charging" | "security" | "lighting" | "accessible")[];
          /** @description Weekly hours in the spot's time zone: `{"mon": ["08:00-20:00"], …}`; a day left out is closed; `"00:00-24:00"` all day. Omit for always open. */
          operating_hours?: {
            [key: string]: string[];
          } | null;
          access_instructions?: string | null;
          /** @enum {string} */
          cancellation_policy?: "flexible" | "moderate" | "strict";
          is_active?: boolean;
        };
      };
    };
    responses: {
      /** @description The spot */
      201: {
        content: {
          "application/json": components["schemas"]["Spot"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A spot */
  getSpot: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The spot */
      200: {
        content: {
          "application/json": components["schemas"]["Spot"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Remove a spot (its owner or an admin); one with bookings ahead is deactivated instead */
  deleteSpot: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Deactivated (it has bookings ahead, or a booking history to keep) */
      200: {
        content: {
          "application/json": components["schemas"]["Spot"];
        };
      };
      /** @description Deleted */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Change a spot (its owner or an admin) */
  updateSpot: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          title?: string;
          description?: string;
          /** @enum {string} */
          spot_type?: "indoor" | "outdoor" | "covered" | "garage" | "driveway" | "lot";
          /** @enum {string} */
          vehicle_size?: "motorcycle" | "compact" | "standard" | "large" | "oversized";
          address?: string;
          postal_code?: string | null;
          /** @description Minor units of the city's currency */
          hourly_rate?: number;
          daily_rate?: number | null;
          monthly_rate?: number | null;
          amenities?: ("covered" | "ev_charging" | "security" | "lighting" | "accessible")[];
          /** @description Weekly hours in the spot's time zone: `{"mon": ["08:00-20:00"], …}`; a day left out is closed; `"00:00-24:00"` all day. Omit for always open. */
          operating_hours?: {
            [key: string]: string[];
          } | null;
          access_instructions?: string | null;
          /** @enum {string} */
          cancellation_policy?: "flexible" | "moderate" | "strict";
          is_active?: boolean;
        };
      };
    };
    responses: {
      /** @description The spot */
      200: {
        content: {
          "application/json": components["schemas"]["Spot"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A spot's open, held and free intervals between two instants (at most 31 days) */
  getSpotAvailability: {
    parameters: {
      query: {
        from: string;
        to: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The intervals, UTC */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            spot_id: string;
            from: string;
            to: string;
            open: {
              start: string;
              end: string;
            }[];
            held: {
              start: string;
              end: string;
            }[];
            free: {
              start: string;
              end: string;
            }[];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A spot's reviews, newest first */
  listSpotReviews: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description A page of reviews */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["SpotReview"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A spot's rating: average, count and histogram */
  getSpotReviewSummary: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The summary */
      200: {
        content: {
          "application/json": {
            average: number;
            count: number;
            histogram: {
              1?: number;
              2?: number;
              3?: number;
              4?: number;
              5?: number;
            };
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Add a photo to a spot (JPEG or PNG, at most 10 MB, 10 per spot) */
  uploadSpotImage: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "multipart/form-data": {
          /** Format: binary */
          file: string;
        };
      };
    };
    responses: {
      /** @description The spot with its photos */
      201: {
        content: {
          "application/json": {
            images: string[];
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (413) */
      413: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (415) */
      415: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A spot's photo */
  getSpotImage: {
    parameters: {
      path: {
        id: string;
        image: string;
      };
    };
    responses: {
      /** @description The photo */
      200: {
        content: {
          "image/jpeg": string;
          "image/png": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Remove a spot's photo */
  deleteSpotImage: {
    parameters: {
      path: {
        id: string;
        image: string;
      };
    };
    responses: {
      /** @description Removed */
      204: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** What a window at a spot costs */
  quoteBooking: {
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          spot_id: string;
          /** Format: date-time */
          starts_at: string;
          /** Format: date-time */
          ends_at: string;
        };
      };
    };
    responses: {
      /** @description The quote */
      200: {
        content: {
          "application/json": components["schemas"]["BookingQuote"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's bookings as a renter, newest first */
  listBookings: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of bookings */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["Booking"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Book a spot for a window
   * @description Windows start in the future, last at least 30 minutes, start at most 30 days ahead and lie inside the spot's hours. Any part of the window held by another booking is 409 `spot_unavailable` (the database's exclusion constraint decides, under any concurrency). A card booking is `pending` until its PaymentIntent succeeds, and releases its window if unpaid after 15 minutes; a wallet booking is `confirmed` at once (402 `insufficient_funds`). Send an `Idempotency-Key` to retry safely.
   */
  createBooking: {
    parameters: {
      header?: {
        "idempotency-key"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          spot_id: string;
          /** Format: date-time */
          starts_at: string;
          /** Format: date-time */
          ends_at: string;
          /**
           * @default card
           * @enum {string}
           */
          payment_method?: "card" | "wallet";
          vehicle_plate?: string;
          vehicle_make?: string;
          vehicle_model?: string;
          vehicle_color?: string;
          special_requests?: string;
          /** @description A coupon (`POST /v1/coupons/validate` with `service: parking`): its discount comes off the total, the owner is still paid the subtotal. An unusable code is 422 naming why; no booking is made. Its use is given back if the booking is cancelled or expires unpaid. */
          coupon_code?: string;
        };
      };
    };
    responses: {
      /** @description The booking an earlier request with this Idempotency-Key made */
      200: {
        content: {
          "application/json": components["schemas"]["BookingCreated"];
        };
      };
      /** @description The booking */
      201: {
        content: {
          "application/json": components["schemas"]["BookingCreated"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (402) */
      402: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** A booking (its renter, the spot's owner, admins) */
  getBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The booking */
      200: {
        content: {
          "application/json": components["schemas"]["Booking"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Check in at the spot with the booking's code (from 15 minutes before the start) */
  checkInBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          code: string;
        };
      };
    };
    responses: {
      /** @description The booking, in progress */
      200: {
        content: {
          "application/json": components["schemas"]["Booking"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Leave the spot: the booking completes
   * @description By the renter, or the owner at the spot. After the end, the overstay is charged the way the booking was paid: the hourly rate in 15-minute steps (`overstay` in the answer). A decline does not hold the renter: the booking completes with `overstay` 0 and the owner is told what is owed. A later booking the overstay ran into is told, and the owner's notice flags it.
   */
  checkOutBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The booking, completed */
      200: {
        content: {
          "application/json": components["schemas"]["Booking"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Stay longer: a later end, charged the difference the way the booking was paid */
  extendBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** Format: date-time */
          ends_at: string;
        };
      };
    };
    responses: {
      /** @description The booking, longer */
      200: {
        content: {
          "application/json": components["schemas"]["Booking"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (402) */
      402: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (422) */
      422: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Cancel a booking
   * @description The renter, under the spot's policy — flexible: all back until the start; moderate: all until 24 h before, 50 % after; strict: 50 % until 7 days before, nothing after — or the spot's owner or an admin, always in full. The refund goes back the way it was paid.
   */
  cancelBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description The booking, cancelled */
      200: {
        content: {
          "application/json": components["schemas"]["Booking"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (502) */
      502: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (503) */
      503: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Review the spot of a completed booking (its renter, once) */
  reviewBooking: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          rating: number;
          comment?: string;
        };
      };
    };
    responses: {
      /** @description The review */
      201: {
        content: {
          "application/json": components["schemas"]["SpotReview"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The booking's receipt (PDF): fare lines, taxes with the city's tax registrations, discounts, tip, payment */
  getBookingReceipt: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The receipt */
      200: {
        content: {
          "application/pdf": string;
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The spot's owner answers a review (once) */
  respondToReview: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          response: string;
        };
      };
    };
    responses: {
      /** @description The review with its response */
      200: {
        content: {
          "application/json": components["schemas"]["SpotReview"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Mark a review helpful (one vote per user; not one's own) */
  voteReviewHelpful: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The review and its count */
      200: {
        content: {
          "application/json": components["schemas"]["SpotReview"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (409) */
      409: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The caller's spots, newest first */
  listOwnSpots: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of spots (see Spot) */
      200: {
        content: {
          "application/json": {
            data: {
              /** Format: uuid */
              id: string;
              [key: string]: unknown;
            }[];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Bookings of the caller's spots, newest first */
  listOwnSpotBookings: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
        spot_id?: string;
        from?: string;
        to?: string;
      };
    };
    responses: {
      /** @description A page of bookings (see Booking) */
      200: {
        content: {
          "application/json": {
            data: {
              /** Format: uuid */
              id: string;
              [key: string]: unknown;
            }[];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (401) */
      401: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (403) */
      403: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** List the cities Curbside serves */
  listCities: {
    parameters: {
      query?: {
        /** @description Page size, 1–100 (20). */
        limit?: string;
        /** @description `next_cursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description A page of cities */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["City"][];
            next_cursor: string | null;
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** The city whose service area covers a point */
  locateCity: {
    parameters: {
      query: {
        lat: string;
        lng: string;
      };
    };
    responses: {
      /** @description The serving city */
      200: {
        content: {
          "application/json": components["schemas"]["City"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** One city with its pricing */
  getCity: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The city */
      200: {
        content: {
          "application/json": components["schemas"]["CityDetail"];
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (404) */
      404: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /** Every vehicle class */
  listVehicleClasses: {
    responses: {
      /** @description The vehicle classes */
      200: {
        content: {
          "application/json": {
            data: components["schemas"]["VehicleClass"][];
          };
        };
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Driver websocket (upgrade): connects to the cell of the driver's position
   * @description Only a verified driver with an active vehicle is connected. Refusals close the socket with 4401 (unauthenticated), 4001 (token_expired), 4403 (not_a_driver, driver_not_verified, no_active_vehicle, account_suspended — also sent to an open socket when an admin suspends the account) or 4400 (invalid_position), the code string as the reason.
   */
  connectDriverSocket: {
    responses: {
      /** @description Switching protocols: the websocket, or a refusal on it (see above) */
      101: {
        content: never;
      };
      /** @description Problem (426) */
      426: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Ride websocket (upgrade): live status and driver position
   * @description For the ride's rider, its driver and admins. The socket first receives `ride.status`, then `driver.assigned`, `driver.location`, `ride.stop {index, status, reason}` (a multi-stop ride's drops), `ride.completed` and `ride.cancelled` as they happen. Refusals: 4401 / 4001 / 4403 `account_suspended` as for the driver socket, 4404 `ride_not_found` for a ride that is not the caller's.
   */
  connectRideSocket: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Switching protocols: the websocket, or a refusal on it (see above) */
      101: {
        content: never;
      };
      /** @description Problem (400) */
      400: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Problem (426) */
      426: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * Admins' live map of a city (upgrade): supply per hexagon, demand, surge, drivers on rides
   * @description `?city=` a city's id (`ahmedabad`). For admins only: anyone else is refused with 4404 `not_found`, as if the socket did not exist. The socket first receives `map.snapshot` (the service area, each cell's last summary, the drivers on rides), then `map.cell` (at most every ~500 ms a cell), `map.driver` and `map.driver.gone` as they happen (src/protocol/admin-map.ts). The city's cells publish only while an admin watches. An open socket is closed with 4001 `token_expired` within 10 s of its token's expiry (reconnect with a fresh one). Other refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_request` for a malformed city, 4404 `city_not_found`.
   */
  connectAdminMapSocket: {
    responses: {
      /** @description Switching protocols: the websocket, or a refusal on it (see above) */
      101: {
        content: never;
      };
      /** @description Problem (426) */
      426: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  /**
   * The user's own websocket (upgrade): their notifications as they happen
   * @description For any signed-in user. With `?cursor=` (a notification's `cursor`), first every notification made after it (up to 100, oldest first), then `ready {unread_count, replayed, more}`; then `notification {notification}` for each new one — rides, bookings, payments, ratings, reviews, promotions. Refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_cursor`.
   */
  connectMeSocket: {
    responses: {
      /** @description Switching protocols: the websocket, or a refusal on it (see above) */
      101: {
        content: never;
      };
      /** @description Problem (426) */
      426: {
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
}
