/** The caller's account and saved addresses. */
import { describe, expect, it } from "vitest";
import { api, expectProblem, register } from "./helpers.ts";

const home = { label: "home", line: "12 CG Road, Navrangpura", location: { lat: 23.0258, lng: 72.5606 } };

describe("/v1/me", () => {
  it("changes the name and refuses an email someone else has", async () => {
    const me = await register("rider");
    const other = await register("rider");
    const res = await api("PATCH", "/v1/me", { token: me.access_token, body: { name: "Riya Shah" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Riya Shah" });
    await expectProblem(
      await api("PATCH", "/v1/me", { token: me.access_token, body: { email: other.email } }),
      409,
      "account_exists",
    );
    await expectProblem(await api("PATCH", "/v1/me", { token: me.access_token, body: {} }), 400, "validation_failed");
  });
});

describe("/v1/me/addresses", () => {
  it("saves, reads, changes and deletes an address", async () => {
    const me = await register("rider");
    const created = await api("POST", "/v1/me/addresses", { token: me.access_token, body: home });
    expect(created.status).toBe(201);
    const address = (await created.json()) as {
      id: string;
      location: { lat: number; lng: number };
      is_default: boolean;
    };
    expect(address).toMatchObject({ label: "home", location: home.location, is_default: false });

    const patched = await api("PATCH", `/v1/me/addresses/${address.id}`, {
      token: me.access_token,
      body: { landmark: "Opposite Law Garden" },
    });
    expect(await patched.json()).toMatchObject({ landmark: "Opposite Law Garden", line: home.line });

    expect((await api("DELETE", `/v1/me/addresses/${address.id}`, { token: me.access_token })).status).toBe(204);
    await expectProblem(
      await api("GET", `/v1/me/addresses/${address.id}`, { token: me.access_token }),
      404,
      "address_not_found",
    );
  });

  it("keeps exactly one default", async () => {
    const me = await register("rider");
    const a = (await (
      await api("POST", "/v1/me/addresses", { token: me.access_token, body: { ...home, is_default: true } })
    ).json()) as { id: string };
    const b = (await (
      await api("POST", "/v1/me/addresses", {
        token: me.access_token,
        body: { ...home, label: "work", is_default: true },
      })
    ).json()) as { id: string };
    const list = async () =>
      (
        (await (await api("GET", "/v1/me/addresses", { token: me.access_token })).json()) as {
          data: { id: string; is_default: boolean }[];
        }
      ).data;
    expect((await list()).filter((x) => x.is_default).map((x) => x.id)).toEqual([b.id]);
    await api("PATCH", `/v1/me/addresses/${a.id}`, { token: me.access_token, body: { is_default: true } });
    expect((await list()).filter((x) => x.is_default).map((x) => x.id)).toEqual([a.id]);
  });

  it("pages newest first with a cursor", async () => {
    const me = await register("rider");
    for (const label of ["one", "two", "three"]) {
      await api("POST", "/v1/me/addresses", { token: me.access_token, body: { ...home, label } });
    }
    const first = (await (await api("GET", "/v1/me/addresses?limit=2", { token: me.access_token })).json()) as {
      data: { label: string }[];
      next_cursor: string;
    };
    expect(first.data.map((a) => a.label)).toEqual(["three", "two"]);
    const second = (await (
      await api("GET", `/v1/me/addresses?limit=2&cursor=${first.next_cursor}`, { token: me.access_token })
    ).json()) as { data: { label: string }[]; next_cursor: string | null };
    expect(second.data.map((a) => a.label)).toEqual(["one"]);
    expect(second.next_cursor).toBeNull();
    await expectProblem(
      await api("GET", "/v1/me/addresses?cursor=garbage", { token: me.access_token }),
      400,
      "invalid_cursor",
    );
  });
});
