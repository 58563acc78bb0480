/**
 * The simulator's people, through the public API: `sim-<city>-driver-N` and
 * `sim-<city>-rider-N` accounts are signed in, or registered the first time
 * (a driver then adds a vehicle, uploads a licence and is verified by the
 * demo admin, as a real onboarding goes). A later run reuses them.
 */
import { fleetClass, type SimCity } from "./cities.ts";
import { Api, ApiError, type ErrorLog, phoneAddress, Session, type TokenPair } from "./client.ts";

/** A 1×1 PNG: the smallest document the upload accepts. */
const LICENCE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export interface FleetOptions {
  base: string;
  city: SimCity;
  drivers: number;
  riders: number;
  errors: ErrorLog;
  adminEmail: string;
  password: string;
  onProgress: (done: number, total: number) => void;
}

export interface Fleet {
  drivers: { session: Session; vehicleClass: string }[];
  riders: Session[];
}

/** Runs `work` over `items`, `limit` at a time, in order of start. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i] as T, i);
      }
    }),
  );
  return out;
}

async function signIn(api: Api, email: string, password: string, name: string, role: "driver" | "rider") {
  try {
    return await api.call<TokenPair>("POST", "/v1/auth/login", {
      body: { email, password },
      expected: ["invalid_credentials"],
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "invalid_credentials")) throw error;
    return api.call<TokenPair>("POST", "/v1/auth/register", { body: { email, password, name, role } });
  }
}

export async function provisionFleet(o: FleetOptions): Promise<Fleet> {
  const admin = new Session(
    new Api(o.base, phoneAddress(1), o.errors),
    await new Api(o.base, phoneAddress(1), o.errors).call<TokenPair>("POST", "/v1/auth/login", {
      body: { email: o.adminEmail, password: o.password },
    }),
  );
  const total = o.drivers + o.riders;
  let done = 0;
  const tick = () => o.onProgress(++done, total);

  const drivers = await mapLimit(Array.from({ length: o.drivers }), 8, async (_, i) => {
    const n = i + 1;
    const api = new Api(o.base, phoneAddress(1000 + n), o.errors);
    const email = `sim-${o.city.id}-driver-${n}@curbside.test`;
    const session = new Session(api, await signIn(api, email, o.password, `Sim Driver ${n}`, "driver"));
    const vehicleClass = fleetClass(o.city.fleet, i, o.drivers);
    const profile = await session.call<{ status: string; can_go_online: boolean }>("GET", "/v1/drivers/me");
    if (!profile.can_go_online) {
      const vehicles = await session.call<{ data: { vehicle_class: string; is_active: boolean }[] }>(
        "GET",
        "/v1/drivers/me/vehicles",
      );
      if (!vehicles.data.some((v) => v.is_active)) {
        await session.call("POST", "/v1/drivers/me/vehicles", {
          body: {
            vehicle_class: vehicleClass,
            plate: `SIM-${o.city.id.slice(0, 3).toUpperCase()}-${n}`,
            model: "Simulated",
            is_active: true,
          },
        });
      }
      const documents = await session.call<{ data: unknown[] }>("GET", "/v1/drivers/me/documents");
      if (documents.data.length === 0) {
        const form = new FormData();
        form.set("kind", "licence");
        form.set("file", new File([LICENCE_PNG], "licence.png", { type: "image/png" }));
        await session.call("POST", "/v1/drivers/me/documents", { form });
      }
      if (profile.status !== "verified") await admin.call("POST", `/v1/admin/drivers/${session.userId}/verify`);
    }
    const active = await session.call<{ data: { vehicle_class: string; is_active: boolean }[] }>(
      "GET",
      "/v1/drivers/me/vehicles",
    );
    tick();
    return { session, vehicleClass: active.data.find((v) => v.is_active)?.vehicle_class ?? vehicleClass };
  });

  const riders = await mapLimit(Array.from({ length: o.riders }), 8, async (_, i) => {
    const n = i + 1;
    const api = new Api(o.base, phoneAddress(100_000 + n), o.errors);
    const email = `sim-${o.city.id}-rider-${n}@curbside.test`;
    const session = new Session(api, await signIn(api, email, o.password, `Sim Rider ${n}`, "rider"));
    tick();
    return session;
  });
  return { drivers, riders };
}
