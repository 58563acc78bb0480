/**
 * The admin console in a real browser: Debian's Chromium (/usr/bin/chromium,
 * or CHROMIUM_PATH) driven by playwright-core — no browser is downloaded —
 * against the platform under `wrangler dev` on loopback (dev-platform.ts).
 *
 * The scenario, made over the public API as apps would: eight drivers online
 * and available (the hexagons), a driver on a ride (a dot), a pending driver with
 * a document. The admin signs in, sees the hexagons and the dot, the dot
 * follows the driver's move within 2 s, the ride is followed and found on
 * the ride board, and the pending driver is verified with the document in
 * view. Then a card ride (a card saved at the Stripe stand-in as a phone
 * would, the ride driven to completion and captured) is refunded from the
 * payments page, and every other page is opened on real data, on a laptop
 * and at a phone's width. Any console error, page error or request that leaves loopback fails
 * the test. Screenshots of each page go to .screenshots/ (not committed).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADMIN, DEMO_PASSWORD } from "../../scripts/demo/data.ts";
import { type Account, call, type DevPlatform, DriverSocket, register, startDevPlatform } from "./dev-platform.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = fileURLToPath(new URL("../../.screenshots/", import.meta.url));
/** Central Ahmedabad, inside the demo city's service area. */
const HERE = { lat: 23.0225, lng: 72.5714 };
/** A 1×1 PNG: a document the browser can show. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

function north(p: { lat: number; lng: number }, metres: number) {
  return { lat: p.lat + metres / 111_320, lng: p.lng };
}

async function verifiedDriver(base: string, admin: string, name: string, plate: string): Promise<Account> {
  const driver = await register(base, "driver", name);
  const vehicle = { vehicle_class: "car", plate, model: "Dzire" };
  await call(base, "POST", "/v1/drivers/me/vehicles", driver.access_token, vehicle);
  await call(base, "POST", `/v1/admin/drivers/${driver.id}/verify`, admin);
  return driver;
}

/** Saves a card for the account as the phone would: a SetupIntent from the API, confirmed at the stand-in. */
async function saveCard(base: string, stripe: string, account: Account): Promise<void> {
  const intent = await call<{ id: string; client_secret: string }>(
    base,
    "POST",
    "/v1/payments/setup-intents",
    account.access_token,
  );
  const confirmed = await fetch(`${stripe}/v1/setup_intents/${intent.id}/confirm`, {
    method: "POST",
    headers: { authorization: "Bearer pk_test_curbside", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: intent.client_secret }).toString(),
  });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
}

interface AdminPayment {
  id: string;
  status: string;
  provider_ref: string | null;
  captured: { amount: number; currency: string };
  refunded: { amount: number };
}

/** The ride's payment once captured; the stand-in's webhooks about it are delivered to the platform meanwhile. */
async function capturedPayment(base: string, stripe: string, admin: string, rideId: string): Promise<AdminPayment> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await call<{ data: AdminPayment[] }>(base, "GET", `/v1/admin/payments?ride_id=${rideId}`, admin);
    const payment = page.data[0];
    if (payment?.status === "succeeded") return payment;
    if (Date.now() > deadline) throw new Error(`the ride's payment is ${payment?.status ?? "missing"}`);
    if (payment?.provider_ref) {
      const res = await fetch(`${stripe}/_standin/deliveries?payment_intent=${payment.provider_ref}`);
      const { data } = (await res.json()) as { data: { body: string; headers: Record<string, string> }[] };
      for (const d of data)
        await fetch(`${base}/v1/webhooks/stripe`, { method: "POST", headers: d.headers, body: d.body });
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits until the page's list shows its latest load (its status says how many rows are shown). */
async function listSettled(page: Page): Promise<void> {
  const state = page.locator("main#page p[role='status']").first();
  await expect.poll(() => state.textContent(), { timeout: 15_000 }).toMatch(/shown$/);
}

describe("the admin console in Chromium", () => {
  let platform: DevPlatform;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sockets: DriverSocket[] = [];
  let onRide: { driver: Account; socket: DriverSocket; rideId: string; orderNumber: string };
  let pending: Account;
  let adminToken: string;
  let paidPaymentId = "";

  beforeAll(async () => {
    platform = await startDevPlatform(
      { url: inject("databaseUrl"), proxy: inject("dbProxy") },
      inject("stripeApiBase"),
    );
    const { base } = platform;
    const admin = await call<{ access_token: string }>(base, "POST", "/v1/auth/login", undefined, {
      email: ADMIN.email,
      password: DEMO_PASSWORD,
    });
    adminToken = admin.access_token;
    const tag = Date.now().toString(36).toUpperCase();
    // Available around the centre: hexagons of supply.
    const idle = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const account = await verifiedDriver(base, admin.access_token, `Idle Driver ${i}`, `GJ1${tag}${i}`);
        const angle = (i / 8) * 2 * Math.PI;
        const at = {
          lat: HERE.lat + 0.012 * Math.cos(angle),
          lng: HERE.lng + 0.012 * Math.sin(angle) * (i % 2 ? 1 : 0.5),
        };
        const idleSocket = await DriverSocket.open(base, account.access_token, at);
        await idleSocket.nextOf("driver.status");
        return idleSocket;
      }),
    );
    sockets.push(...idle);
    // On a ride: a dot.
    const driver = await verifiedDriver(base, admin.access_token, "Busy Driver", `GJ2${tag}`);
    const socket = await DriverSocket.open(base, driver.access_token, north(HERE, 100));
    await socket.nextOf("driver.status");
    sockets.push(socket);
    const rider = await register(base, "rider", "Console Rider");
    const ride = await call<{ id: string; order_number: string }>(base, "POST", "/v1/rides", rider.access_token, {
      service: "passenger",
      pickup: HERE,
      dropoff: north(HERE, 2000),
      vehicle_class: "car",
    });
    const offer = await socket.nextOf("offer");
    socket.send({ type: "offer.accept", ride_id: offer.ride_id });
    await socket.nextOf("ride.status");
    onRide = { driver, socket, rideId: ride.id, orderNumber: ride.order_number };
    // Pending review, with a document.
    pending = await register(base, "driver", "Pending Driver");
    const form = new FormData();
    form.set("kind", "licence");
    form.set("file", new File([PNG], "licence.png", { type: "image/png" }));
    const upload = await fetch(`${base}/v1/drivers/me/documents`, {
      method: "POST",
      headers: { authorization: `Bearer ${pending.access_token}` },
      body: form,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Nothing may leave loopback: fail any request that tries.
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
      problems.push(`request left loopback: ${url.href}`);
      return route.abort();
    });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("websocket", (ws) => {
      if (!ws.url().startsWith("ws://127.0.0.1")) problems.push(`socket left loopback: ${ws.url()}`);
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await platform?.stop();
  });

  it("signs an admin in and shows the city's hexagons and the dot of the driver on a ride", async () => {
    const served = await page.goto(`${platform.base}/admin/`);
    // Its own origin only (public/_headers): a violation would show as a console error below.
    const csp = (await served?.allHeaders())?.["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // By keyboard: the form has focus, Tab moves on, Enter signs in.
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Live map" }).waitFor();
    await page.locator(".socket-state", { hasText: "live" }).waitFor();
    const row = page.locator(`li[data-driver-id="${onRide.driver.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute("data-ride-id")).toBe(onRide.rideId);
    await page.locator("path.driver-dot").first().waitFor({ state: "attached" });
    await page.locator("path.hex").first().waitFor({ state: "attached", timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}live-map.png` });
    expect(problems).toEqual([]);
  }, 60_000);

  it("moves the driver's dot within 2 s of the driver's move, and follows the ride", async () => {
    const row = page.locator(`li[data-driver-id="${onRide.driver.id}"]`);
    const dot = page.locator("path.driver-dot").first();
    const before = await dot.getAttribute("d");
    const next = north(HERE, 450);
    const sentAt = Date.now();
    onRide.socket.send({ type: "location", lat: next.lat, lng: next.lng, heading: 0, ts: Date.now() });
    await page.waitForFunction(
      ([id, lat]) => document.querySelector(`li[data-driver-id="${id}"]`)?.getAttribute("data-lat") === String(lat),
      [onRide.driver.id, next.lat] as const,
      { timeout: 2_000, polling: 50 },
    );
    const tookMs = Date.now() - sentAt;
    expect(tookMs).toBeLessThan(2_000);
    expect(await dot.getAttribute("d")).not.toBe(before);
    console.log(`console: the dot moved ${tookMs} ms after the driver's location frame`);
    await row.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: `Following ${onRide.orderNumber}` }).waitFor();
    expect(await row.getByRole("button").getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: `${SHOTS}live-map-following.png` });
    expect(problems).toEqual([]);
  }, 30_000);

  it("shows the ride on the ride board, and the ride's own page", async () => {
    await page.getByRole("link", { name: "Ride board", exact: true }).click();
    const card = page.locator(`.board li[data-ride-id="${onRide.rideId}"]`);
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain(onRide.orderNumber);
    await page.screenshot({ path: `${SHOTS}ride-board.png` });
    await card.getByRole("link").click();
    await page.locator("dd[data-status]").waitFor();
    expect(await page.locator("dd[data-status]").getAttribute("data-status")).toBe("driver_assigned");
    await page.locator(".timeline li").first().waitFor();
    await page.screenshot({ path: `${SHOTS}ride.png` });
    expect(problems).toEqual([]);
  }, 30_000);

  it("is readable on a phone: no page wider than the screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of ["map", "rides", `rides/${onRide.rideId}`]) {
      // Only the hash changes: the same page, still signed in.
      await page.goto(`${platform.base}/admin/#/${route}`);
      await page.locator("main#page h1").waitFor();
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, route).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}phone-${route.split("/")[0]}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  }, 60_000);

  it("verifies the pending driver with their document in view", async () => {
    await page.getByRole("link", { name: "Verifications", exact: true }).click();
    const entry = page.locator(`li[data-driver-id="${pending.id}"]`);
    await entry.waitFor();
    await entry.getByRole("link").click();
    const image = page.locator("figure.document img");
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await page.screenshot({ path: `${SHOTS}verification.png` });
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Verifications" }).waitFor();
    await expect.poll(() => entry.count()).toBe(0);
    const review = await call<{ status: string }>(platform.base, "GET", `/v1/admin/drivers/${pending.id}`, adminToken);
    expect(review.status).toBe("verified");
    expect(problems).toEqual([]);
  }, 30_000);
  it("refunds a card ride's payment from the payments page", async () => {
    const { base } = platform;
    const stripe = inject("stripeApiBase");
    // Away from the idle drivers, so the offer goes to this one.
    const pickup = north(HERE, -4000);
    const driver = await verifiedDriver(base, adminToken, "Paid Driver", `GJ3${Date.now().toString(36).toUpperCase()}`);
    const socket = await DriverSocket.open(base, driver.access_token, north(pickup, 50));
    sockets.push(socket);
    await socket.nextOf("driver.status");
    const rider = await register(base, "rider", "Card Rider");
    await saveCard(base, stripe, rider);
    const ride = await call<{ id: string }>(base, "POST", "/v1/rides", rider.access_token, {
      service: "passenger",
      pickup,
      dropoff: north(pickup, 3000),
      vehicle_class: "car",
      payment_method: "card",
    });
    const offer = await socket.nextOf("offer");
    expect(offer.ride_id).toBe(ride.id);
    socket.send({ type: "offer.accept", ride_id: ride.id });
    await socket.nextOf("ride.status");
    await call(base, "POST", `/v1/rides/${ride.id}/arrived`, driver.access_token);
    await call(base, "POST", `/v1/rides/${ride.id}/started`, driver.access_token);
    for (let m = 100; m <= 1000; m += 100) {
      const at = north(pickup, m);
      socket.send({ type: "location", lat: at.lat, lng: at.lng, ts: Date.now() });
    }
    await new Promise((r) => setTimeout(r, 300));
    await call(base, "POST", `/v1/rides/${ride.id}/completed`, driver.access_token);
    const payment = await capturedPayment(base, stripe, adminToken, ride.id);
    expect(payment.captured.amount).toBeGreaterThan(0);
    paidPaymentId = payment.id;

    await page.getByRole("link", { name: "Payments", exact: true }).click();
    await page.getByLabel("Method").selectOption("card");
    // The filtered list replaces the first one: a form opened on the first would be drawn away.
    await listSettled(page);
    const row = page.locator(`tr[data-payment-id="${payment.id}"]`);
    await row.waitFor();
    await row.getByText("Refund…").click();
    await row.getByLabel("Reason").fill("Driver took a long detour");
    await page.screenshot({ path: `${SHOTS}payments.png` });
    await row.getByRole("button", { name: "Refund" }).click();
    // The refund goes to the card's provider (the stand-in) before the row is drawn again.
    await expect
      .poll(() => row.locator("[data-refunded]").getAttribute("data-refunded"), { timeout: 15_000 })
      .toBe(String(payment.captured.amount));
    const after = await call<{ data: AdminPayment[] }>(
      base,
      "GET",
      `/v1/admin/payments?ride_id=${ride.id}`,
      adminToken,
    );
    expect(after.data[0]).toMatchObject({ status: "refunded", refunded: { amount: payment.captured.amount } });
    expect(problems).toEqual([]);
  }, 90_000);

  it("creates a coupon and deactivates it", async () => {
    const code = `CONSOLE${Date.now().toString(36).toUpperCase()}`;
    await page.getByRole("link", { name: "Coupons", exact: true }).click();
    await page.getByLabel("Code").fill(code);
    await page.getByLabel("Value").fill("1500");
    await page.getByRole("button", { name: "Create" }).click();
    const row = page.locator("tr", { hasText: code });
    await row.waitFor();
    expect(await row.getAttribute("data-active")).toBe("true");
    await row.getByRole("button", { name: `Deactivate ${code}` }).click();
    await expect.poll(() => row.getAttribute("data-active"), { timeout: 10_000 }).toBe("false");
    await page.screenshot({ path: `${SHOTS}coupons.png` });
    expect(problems).toEqual([]);
  }, 30_000);

  it("finds an account, suspends it with a reason and reinstates it", async () => {
    const name = `Suspect ${Date.now().toString(36)}`;
    const account = await register(platform.base, "rider", name);
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByLabel("Search").fill(name);
    await page.keyboard.press("Enter");
    await listSettled(page);
    const row = page.locator(`tr[data-user-id="${account.id}"]`);
    await row.waitFor();
    await row.getByText("Suspend…").click();
    await row.getByLabel("Reason (audit log)").fill("Fraudulent chargebacks");
    await row.getByRole("button", { name: "Suspend" }).click();
    await expect.poll(() => row.locator(".badge").textContent(), { timeout: 10_000 }).toBe("suspended");
    const refused = await fetch(`${platform.base}/v1/me`, {
      headers: { authorization: `Bearer ${account.access_token}` },
    });
    expect(refused.status).toBe(403);
    await row.getByText("Reinstate…").click();
    await row.getByLabel("Reason (audit log)").fill("Chargebacks explained");
    await row.getByRole("button", { name: "Reinstate" }).click();
    await expect.poll(() => row.locator(".badge").textContent(), { timeout: 10_000 }).toBe("active");
    await page.screenshot({ path: `${SHOTS}users.png` });
    expect(problems).toEqual([]);
  }, 30_000);

  it("opens every other page on real data, on a laptop and on a phone", async () => {
    const ready: Record<string, string> = {
      users: "tr[data-user-id]",
      bookings: ".table-wrap table",
      payments: `tr[data-payment-id="${paidPaymentId}"]`,
      pricing: "tr[data-tariff]",
      analytics: "figure.chart canvas",
      audit: `tr[data-audit-action="payment.refund"][data-target-id="${paidPaymentId}"]`,
      ratings: ".table-wrap table",
    };
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      for (const [route, selector] of Object.entries(ready)) {
        await page.goto(`${platform.base}/admin/#/${route}`);
        await page.locator("main#page h1").waitFor();
        await page.locator(selector).first().waitFor({ state: "attached", timeout: 10_000 });
        await page.waitForTimeout(200);
        // Analytics: rides, completion, assignment, pickup distance, drivers, money (the card ride), parking.
        if (route === "analytics") expect(await page.locator("figure.chart canvas").count()).toBeGreaterThanOrEqual(7);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${route} at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${SHOTS}${width > 400 ? "" : "phone-"}${route}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  }, 120_000);
});
