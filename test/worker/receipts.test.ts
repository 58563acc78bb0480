/**
 * Receipts (issue 15, item 4): a completed ride's and booking's PDF opens,
 * and the text read back from it holds the fare lines, the taxes with the
 * city's tax registration, the total and the payment method; it is the
 * rider's or renter's (and admins'), 404 to anyone else, 409 before
 * completion; it is drawn once; and it is emailed with the PDF attached.
 */
import { env } from "cloudflare:workers";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { receiptMoney } from "../../src/domain/receipt.ts";
import { eventually } from "./dispatch-helpers.ts";
import { type Account, adminToken, api, expectProblem, register } from "./helpers.ts";
import { settledRide, topUp } from "./money-helpers.ts";
import { book, spotOf, window } from "./parking-helpers.ts";

async function receipt(path: string, token: string): Promise<Uint8Array> {
  const res = await api("GET", path, { token });
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  return new Uint8Array(await res.arrayBuffer());
}

/** The PDF's text as a reader would get it: it must open as a PDF for this to work. */
async function textOf(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  expect(doc.numPages).toBe(1);
  const { text } = await extractText(doc, { mergePages: true });
  return text;
}

describe("a ride's receipt", () => {
  it("holds every fare line, the taxes with the city's GSTIN, the total and the card, and is the rider's and admins' only", async () => {
    const { rider, driver, ride } = await settledRide("card");
    const view = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      order_number: string;
      fare: { lines: { code: string; label: string; amount: number }[]; total: { amount: number; currency: string } };
    };
    const pdf = await receipt(`/v1/rides/${ride.id}/receipt`, rider.access_token);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const text = await textOf(pdf);
    expect(text).toContain(view.order_number);
    expect(view.fare.lines.some((l) => l.code.startsWith("tax:"))).toBe(true);
    for (const line of view.fare.lines) {
      expect(text).toContain(line.label);
      expect(text).toContain(receiptMoney(line.amount, "INR"));
    }
    expect(text).toMatch(new RegExp(`Total\\s*${receiptMoney(view.fare.total.amount, "INR").replace(".", "\\.")}`));
    expect(text).toContain("GSTIN: 24AAICC0000A1Z5");
    expect(text).toContain("Paid by: Card");
    expect(text).toContain("Pickup");

    // Drawn once: the same bytes again, and for an admin.
    expect(await receipt(`/v1/rides/${ride.id}/receipt`, rider.access_token)).toEqual(pdf);
    expect(await receipt(`/v1/rides/${ride.id}/receipt`, await adminToken())).toEqual(pdf);
    // Not the driver's, nor another rider's: as if the ride did not exist.
    for (const who of [driver.account, await register("rider")]) {
      await expectProblem(
        await api("GET", `/v1/rides/${ride.id}/receipt`, { token: who.access_token }),
        404,
        "ride_not_found",
      );
    }
    driver.socket.close();
  });

  it("is emailed to the rider with the PDF attached", async () => {
    const { rider, driver } = await settledRide("cash");
    const mails = await eventually(async () => {
      const res = await fetch(`${env.EMAIL_API_BASE}/_standin/requests?to=${encodeURIComponent(rider.email)}`);
      const found = (await res.json()) as {
        body: { subject: string; attachments: { filename: string; content_type: string; content: string }[] };
      }[];
      return found.length > 0 ? found : null;
    }, 20_000);
    expect(mails).toHaveLength(1);
    const [attachment] = mails[0]?.body.attachments ?? [];
    expect(attachment).toMatchObject({ content_type: "application/pdf", filename: expect.stringMatching(/\.pdf$/) });
    const bytes = Uint8Array.from(atob(attachment?.content ?? ""), (c) => c.charCodeAt(0));
    expect(await textOf(bytes)).toContain("Paid by: Cash");
    driver.socket.close();
  });

  it("is not ready before the ride completes", async () => {
    const rider = await register("rider");
    const res = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: {
        service: "passenger",
        pickup: { lat: 23.03, lng: 72.58 },
        dropoff: { lat: 23.04, lng: 72.59 },
        vehicle_class: "car",
      },
    });
    const { id } = (await res.json()) as { id: string };
    await expectProblem(
      await api("GET", `/v1/rides/${id}/receipt`, { token: rider.access_token }),
      409,
      "receipt_not_ready",
    );
    await api("POST", `/v1/rides/${id}/cancel`, { token: rider.access_token, body: {} });
  });
});

describe("a booking's receipt", () => {
  it("holds the parking, the service fee and the total, for the renter and admins only", async () => {
    const spot = await spotOf();
    const renter: Account = await register("rider");
    await topUp(renter, 100_000);
    const made = (await (await book(renter, spot.id, window(10 / 60, 1), { payment_method: "wallet" })).json()) as {
      id: string;
      check_in_code: string;
      subtotal: { amount: number };
      service_fee: { amount: number };
      total: { amount: number };
    };
    const path = `/v1/bookings/${made.id}/receipt`;
    await expectProblem(await api("GET", path, { token: renter.access_token }), 409, "receipt_not_ready");
    await api("POST", `/v1/bookings/${made.id}/check-in`, {
      token: renter.access_token,
      body: { code: made.check_in_code },
    });
    expect((await api("POST", `/v1/bookings/${made.id}/check-out`, { token: renter.access_token })).status).toBe(200);

    const text = await textOf(await receipt(path, renter.access_token));
    expect(text).toContain("Parking receipt");
    expect(text).toContain(`Parking ${receiptMoney(made.subtotal.amount, "INR")}`);
    expect(text).toContain(`Service fee ${receiptMoney(made.service_fee.amount, "INR")}`);
    expect(text).toContain(`Total ${receiptMoney(made.total.amount, "INR")}`);
    expect(text).toContain("GSTIN: 24AAICC0000A1Z5");
    expect(text).toContain("Paid by: Curbside wallet");
    await receipt(path, await adminToken());
    for (const who of [spot.owner, await register("rider")]) {
      await expectProblem(await api("GET", path, { token: who.access_token }), 404, "booking_not_found");
    }
  });
});
