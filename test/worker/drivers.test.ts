/** Driver onboarding: vehicles, documents in R2, admin review. */
import { describe, expect, it } from "vitest";
import { adminToken, api, call, expectProblem, randomIp, register } from "./helpers.ts";

function upload(token: string, kind: string, file: File): Promise<Response> {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", file);
  return call("/v1/drivers/me/documents", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": randomIp() },
    body: form,
  });
}

const pdf = (size = 2048) => new File([new Uint8Array(size).fill(37)], "licence.pdf", { type: "application/pdf" });

describe("driver onboarding", () => {
  it("goes from registered to verified and able to go online", async () => {
    const driver = await register("driver");
    const admin = { access_token: await adminToken() };
    const profile = async () =>
      (await (await api("GET", "/v1/drivers/me", { token: driver.access_token })).json()) as {
        status: string;
        can_go_online: boolean;
        rejection_reason: string | null;
      };
    expect(await profile()).toMatchObject({ status: "pending", can_go_online: false });

    const vehicle = await api("POST", "/v1/drivers/me/vehicles", {
      token: driver.access_token,
      body: { vehicle_class: "auto", plate: `gj01${Math.floor(Math.random() * 1e6)}`, model: "Bajaj RE" },
    });
    expect(vehicle.status).toBe(201);
    expect(await vehicle.json()).toMatchObject({ vehicle_class: "auto", is_active: true });

    const doc = await upload(driver.access_token, "licence", pdf());
    expect(doc.status).toBe(201);
    const stored = (await doc.json()) as { id: string; status: string; size_bytes: number };
    expect(stored).toMatchObject({ status: "pending", size_bytes: 2048 });
    const file = await api("GET", `/v1/drivers/me/documents/${stored.id}/file`, { token: driver.access_token });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect((await file.arrayBuffer()).byteLength).toBe(2048);

    const queue = (await (
      await api("GET", "/v1/admin/drivers?status=pending&limit=100", { token: admin.access_token })
    ).json()) as {
      data: { user: { id: string } }[];
    };
    expect(queue.data.map((d) => d.user.id)).toContain(driver.id);
    const detail = (await (
      await api("GET", `/v1/admin/drivers/${driver.id}`, { token: admin.access_token })
    ).json()) as {
      documents: { id: string }[];
      vehicles: unknown[];
    };
    expect(detail.documents.map((d) => d.id)).toEqual([stored.id]);
    expect(detail.vehicles).toHaveLength(1);
    const adminFile = await api("GET", `/v1/admin/documents/${stored.id}/file`, { token: admin.access_token });
    expect(adminFile.status).toBe(200);
    await adminFile.arrayBuffer();

    const verified = await api("POST", `/v1/admin/drivers/${driver.id}/verify`, { token: admin.access_token });
    expect(await verified.json()).toMatchObject({ user_id: driver.id, status: "verified" });
    expect(await profile()).toMatchObject({ status: "verified", can_go_online: true });

    await api("POST", `/v1/admin/drivers/${driver.id}/reject`, {
      token: admin.access_token,
      body: { reason: "Licence photo is unreadable" },
    });
    expect(await profile()).toMatchObject({ status: "rejected", rejection_reason: "Licence photo is unreadable" });
  });

  it("refuses unsupported, empty and unknown uploads", async () => {
    const driver = await register("driver");
    const exe = new File(["MZ"], "tool.exe", { type: "application/x-msdownload" });
    const bad = await expectProblem(await upload(driver.access_token, "licence", exe), 400, "validation_failed");
    expect(bad.errors?.map((e) => e.path)).toEqual(["file"]);
    await expectProblem(await upload(driver.access_token, "passport-ish", pdf()), 400, "validation_failed");
    await expectProblem(await upload(driver.access_token, "licence", pdf(0)), 400, "validation_failed");
  });

  it("switches the active vehicle, one at a time, and refuses a taken plate", async () => {
    const driver = await register("driver");
    const plate = `NY${Math.floor(Math.random() * 1e7)}`;
    const add = (p: string, is_active?: boolean) =>
      api("POST", "/v1/drivers/me/vehicles", {
        token: driver.access_token,
        body: { vehicle_class: "car", plate: p, model: "Camry", ...(is_active !== undefined ? { is_active } : {}) },
      });
    const first = (await (await add(plate)).json()) as { id: string };
    const second = (await (await add(`${plate}B`)).json()) as { id: string; is_active: boolean };
    expect(second.is_active).toBe(false);
    await api("PATCH", `/v1/drivers/me/vehicles/${second.id}`, {
      token: driver.access_token,
      body: { is_active: true },
    });
    const list = (await (await api("GET", "/v1/drivers/me/vehicles", { token: driver.access_token })).json()) as {
      data: { id: string; is_active: boolean }[];
    };
    expect(list.data.filter((v) => v.is_active).map((v) => v.id)).toEqual([second.id]);
    expect(list.data.map((v) => v.id)).toContain(first.id);
    await expectProblem(await add(plate), 409, "plate_taken");
    await expectProblem(
      await api("POST", "/v1/drivers/me/vehicles", {
        token: driver.access_token,
        body: { vehicle_class: "hovercraft", plate: "ZZ1", model: "X" },
      }),
      422,
      "unknown_vehicle_class",
    );
  });

  it("keeps admin routes for admins and driver routes for drivers", async () => {
    const rider = await register("rider");
    const driver = await register("driver");
    // Admin routes are not there for anyone else.
    await expectProblem(await api("GET", "/v1/admin/drivers", { token: driver.access_token }), 404, "route_not_found");
    await expectProblem(await api("GET", "/v1/drivers/me", { token: rider.access_token }), 403, "forbidden");
    await expectProblem(
      await api("POST", `/v1/admin/drivers/${crypto.randomUUID()}/verify`, {
        token: await adminToken(),
      }),
      404,
      "driver_not_found",
    );
  });
});
