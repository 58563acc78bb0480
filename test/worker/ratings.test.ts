/**
 * Ratings both ways after a ride: once each, within the rules, the average
 * and count moved with the rating — exactly, under concurrency — and the
 * ratings shown where riders and drivers look.
 */
import { describe, expect, it } from "vitest";
import { eventually, type OnlineDriver, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { type Account, adminToken, api, expectProblem, register } from "./helpers.ts";
import { driveToCompletion, paymentOfRide } from "./money-helpers.ts";
import { type Frame, openSocket } from "./sockets.ts";
import { type Told, told } from "./told.ts";

/** Waits for what the queue settles; generous, since the machine may be busy. */
const soon = <T>(check: () => Promise<T | undefined | null | false>) => eventually(check, 30_000);

/** A ride of `rider` with `driver`, driven to completion. */
async function completedRide(driver: OnlineDriver, rider: Account): Promise<string> {
  const ride = await requestRide(rider, {
    service: "passenger",
    pickup: offset(driver.at, -100, 0),
    dropoff: offset(driver.at, 1500, 0),
    vehicle_class: "car",
  });
  await driveToCompletion(driver, ride.id, offset(driver.at, 20, 0), 500);
  await soon(async () => (await paymentOfRide(rider, ride.id)).status === "completed");
  return ride.id;
}

const rate = (who: Account, rideId: string, body: unknown) =>
  api("POST", `/v1/rides/${rideId}/rating`, { token: who.access_token, body });

describe("ratings both ways", () => {
  it("the rider rates the driver and the driver the rider, once each; others cannot", async () => {
    const driver = await onlineDriver("car", randomSpot());
    const rider = await register("rider");
    const early = await requestRide(rider, {
      service: "passenger",
      pickup: offset(driver.at, -100, 0),
      dropoff: offset(driver.at, 1500, 0),
      vehicle_class: "car",
    });
    await expectProblem(await rate(rider, early.id, { rating: 5 }), 409, "ride_not_completed");
    await driveToCompletion(driver, early.id, offset(driver.at, 20, 0), 500);
    const rideId = early.id;
    // The rider's live channel, open while the driver rates them.
    const live = await openSocket(`/v1/ws/me?token=${rider.access_token}`);
    expect(await live.nextOf("ready")).toMatchObject({ type: "ready" });

    const byRider = await rate(rider, rideId, { rating: 4, comment: "Smooth ride", tags: ["polite", "on_time"] });
    expect(byRider.status, await byRider.clone().text()).toBe(201);
    expect(await byRider.json()).toMatchObject({
      direction: "rider_to_driver",
      subject_id: driver.account.id,
      rating: 4,
      comment: "Smooth ride",
      tags: ["polite", "on_time"],
      flagged: false,
    });
    const byDriver = await rate(driver.account, rideId, { rating: 2, tags: ["late"] });
    expect(byDriver.status).toBe(201);
    expect(await byDriver.json()).toMatchObject({ direction: "driver_to_rider", subject_id: rider.id, flagged: true });

    await expectProblem(await rate(rider, rideId, { rating: 5 }), 409, "already_rated");
    await expectProblem(await rate(driver.account, rideId, { rating: 5 }), 409, "already_rated");

    // Each rated person is told their rating moved: the new average and count, not who rated nor the score.
    let frame: Frame;
    do frame = await live.nextOf("notification", 15_000);
    while ((frame.notification as Told).type !== "rating.received");
    expect(frame.notification).toMatchObject({ category: "rating", data: { average: 2, count: 1 } });
    live.close();
    const driverTold = await soon(async () => {
      const found = await told(driver.account, "rating.received");
      return found.length > 0 ? found : null;
    });
    expect(driverTold).toEqual([
      expect.objectContaining({
        category: "rating",
        data: { average: 4, count: 1 },
        body: expect.stringMatching(/4\.00/),
      }),
    ]);
    expect(JSON.stringify(driverTold)).not.toContain(rider.id);
    expect(JSON.stringify(driverTold)).not.toContain(rideId);
    // The refused second ratings told no one again.
    expect(await told(rider, "rating.received")).toHaveLength(1);
    const stranger = await register("rider");
    await expectProblem(await rate(stranger, rideId, { rating: 1 }), 404, "ride_not_found");
    await expectProblem(await rate(await register("driver"), rideId, { rating: 1 }), 404, "ride_not_found");

    // The summaries: the driver's from riders, the rider's from drivers; to each other and admins only.
    const driverSummary = await api("GET", `/v1/users/${driver.account.id}/ratings`, { token: rider.access_token });
    expect(await driverSummary.json()).toMatchObject({
      user_id: driver.account.id,
      role: "driver",
      average: 4,
      count: 1,
      histogram: { "4": 1, "5": 0 },
      tags: { polite: 1, on_time: 1 },
    });
    const riderSummary = await api("GET", `/v1/users/${rider.id}/ratings`, { token: driver.account.access_token });
    expect(await riderSummary.json()).toMatchObject({ role: "rider", average: 2, count: 1, tags: { late: 1 } });
    expect((await api("GET", `/v1/users/${rider.id}/ratings`, { token: stranger.access_token })).status).toBe(404);
    expect((await api("GET", `/v1/users/${rider.id}/ratings`, { token: await adminToken() })).status).toBe(200);
    expect((await api("GET", `/v1/users/${rider.id}/ratings`, { token: rider.access_token })).status).toBe(200);
    driver.socket.close();
  });

  it("refuses markup, long comments, out-of-range ratings and the other side's tags", async () => {
    const driver = await onlineDriver("car", randomSpot());
    const rider = await register("rider");
    const rideId = await completedRide(driver, rider);
    const html = await expectProblem(
      await rate(rider, rideId, { rating: 5, comment: "<b>great</b>" }),
      400,
      "validation_failed",
    );
    expect(html.errors?.map((e) => e.path)).toEqual(["comment"]);
    await expectProblem(await rate(rider, rideId, { rating: 5, comment: "x".repeat(501) }), 400, "validation_failed");
    await expectProblem(await rate(rider, rideId, { rating: 0 }), 400, "validation_failed");
    await expectProblem(await rate(rider, rideId, { rating: 5, tags: ["no_such_tag"] }), 400, "validation_failed");
    await expectProblem(await rate(rider, rideId, { rating: 5, tags: ["messy"] }), 422, "invalid_tag");
    // Nothing was written by the refusals: the rider can still rate.
    expect((await rate(rider, rideId, { rating: 5 })).status).toBe(201);
    driver.socket.close();
  });

  it("a rating of 2 or less waits in the admins' queue until resolved", async () => {
    const driver = await onlineDriver("car", randomSpot());
    const rider = await register("rider");
    const rideId = await completedRide(driver, rider);
    const rating = (await (await rate(rider, rideId, { rating: 1, tags: ["unsafe_driving"] })).json()) as {
      id: string;
    };
    const admin = await adminToken();
    const queue = async () =>
      ((await (await api("GET", "/v1/admin/ratings?limit=100", { token: admin })).json()) as { data: { id: string }[] })
        .data;
    expect((await queue()).map((r) => r.id)).toContain(rating.id);
    expect((await api("GET", "/v1/admin/ratings", { token: rider.access_token })).status).toBe(404);
    expect((await api("POST", `/v1/admin/ratings/${rating.id}/resolve`, { token: rider.access_token })).status).toBe(
      404,
    );
    expect((await api("POST", `/v1/admin/ratings/${rating.id}/resolve`, { token: admin })).status).toBe(200);
    const audited = await api("GET", `/v1/admin/audit?target_type=rating&target_id=${rating.id}`, { token: admin });
    expect(((await audited.json()) as { data: { action: string }[] }).data.map((e) => e.action)).toEqual([
      "rating.resolve",
    ]);
    await expectProblem(
      await api("POST", `/v1/admin/ratings/${rating.id}/resolve`, { token: admin }),
      409,
      "already_resolved",
    );
    expect((await queue()).map((r) => r.id)).not.toContain(rating.id);
    driver.socket.close();
  });

  it("20 concurrent ratings of one driver leave the right average and count", { timeout: 180_000 }, async () => {
    const driver = await onlineDriver("car", randomSpot());
    const rides: { rider: Account; id: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const rider = await register("rider");
      rides.push({ rider, id: await completedRide(driver, rider) });
    }
    const ratings = rides.map((_, i) => (i % 5) + 1);
    const answers = await Promise.all(rides.map((r, i) => rate(r.rider, r.id, { rating: ratings[i] })));
    expect(answers.map((a) => a.status)).toEqual(rides.map(() => 201));
    const summary = (await (
      await api("GET", `/v1/users/${driver.account.id}/ratings`, { token: driver.account.access_token })
    ).json()) as { average: number; count: number; histogram: Record<string, number> };
    expect(summary).toMatchObject({ average: 3, count: 20, histogram: { "1": 4, "2": 4, "3": 4, "4": 4, "5": 4 } });
    driver.socket.close();
  });

  it("the driver's rating reaches the rider in driver.assigned, the rider's the driver in the offer", async () => {
    const first = await onlineDriver("car", randomSpot());
    const rider = await register("rider");
    const rideId = await completedRide(first, rider);
    expect((await rate(first.account, rideId, { rating: 3 })).status).toBe(201);
    expect((await rate(rider, rideId, { rating: 4 })).status).toBe(201);
    first.socket.close();

    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const second = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "car",
    });
    const offer = await driver.socket.nextOf("offer");
    expect(offer).toMatchObject({ ride_id: second.id, rider_rating: { average: 3, count: 1 } });
    driver.socket.send({ type: "offer.accept", ride_id: second.id });
    await driver.socket.nextOf("ride.status");
    const seen = await soon(async () => {
      const r = (await (await api("GET", `/v1/rides/${second.id}`, { token: rider.access_token })).json()) as {
        driver: { name: string; rating: number; rating_count?: number } | null;
      };
      return r.driver?.rating_count !== undefined ? r.driver : null;
    });
    expect(seen).toMatchObject({ rating: 5, rating_count: 0 });
    await api("POST", `/v1/rides/${second.id}/cancel`, { token: rider.access_token, body: {} });
    driver.socket.close();
  });
});
