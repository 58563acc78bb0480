/**
 * Bulk provisioning of test and simulation accounts, straight into Postgres,
 * the way the demo data is loaded (scripts/demo/load.ts): N riders, and N
 * drivers with a verified profile and an active vehicle of a class mix, in
 * one city. A handful of multi-row statements in one transaction, whatever
 * N is; idempotent (accounts are found again by email, vehicles by plate).
 * Used by the simulator and the benchmarks, which then sign in through the
 * public API (POST /v1/auth/login) like any app: the platform has no bypass.
 *
 * Every account of one call shares one password and one PBKDF2 hash, made
 * once with the app's own hashing (src/auth/password.ts): 100,000 iterations
 * a hash is about a tenth of a second here, so 1,100 separate hashes would
 * take minutes.
 */
import pg from "pg";
import { hashPassword } from "../../src/auth/password.ts";

/** One vehicle class and its share of the fleet. */
export interface FleetShare {
  value: string;
  weight: number;
}

export interface ProvisionOptions {
  /** The city the drivers work in (`ahmedabad`); it must exist (the demo data has it). */
  cityId: string;
  drivers: number;
  riders: number;
  /** The drivers' vehicle classes: one class for all, or shares (35 % bike, …). */
  fleet: string | readonly FleetShare[];
  /** Everyone's password. */
  password: string;
  /** A hash of `password` made earlier (hashPassword), to skip hashing again. */
  passwordHash?: string;
  /** Emails are `<prefix>-driver-N@<domain>` and `<prefix>-rider-N@<domain>`; default `sim-<cityId>`. */
  prefix?: string;
  /** Default `curbside.test`. */
  domain?: string;
}

export interface ProvisionedAccount {
  /** 1-based number in its role: `…-driver-7` is 7. */
  n: number;
  id: string;
  email: string;
}

export interface ProvisionedDriver extends ProvisionedAccount {
  vehicleId: string;
  vehicleClass: string;
}

export interface Provisioned {
  drivers: ProvisionedDriver[];
  riders: ProvisionedAccount[];
  /** The hash every account got (reuse it for another call with the same password). */
  passwordHash: string;
  elapsedMs: number;
}

/** The i-th of n fleet vehicles: the classes in proportion to their weights, the same for the same n. */
export function fleetClass(shares: readonly FleetShare[], i: number, n: number): string {
  const total = shares.reduce((sum, s) => sum + s.weight, 0);
  const position = ((i + 0.5) / n) * total;
  let edge = 0;
  for (const s of shares) {
    edge += s.weight;
    if (position < edge) return s.value;
  }
  return (shares.at(-1) as FleetShare).value;
}

/** The email of the n-th account of a role (1-based). */
export function provisionedEmail(
  role: "driver" | "rider",
  n: number,
  o: Pick<ProvisionOptions, "cityId" | "prefix" | "domain">,
): string {
  return `${o.prefix ?? `sim-${o.cityId}`}-${role}-${n}@${o.domain ?? "curbside.test"}`;
}

/**
 * Creates (or brings back to this state) `drivers` verified drivers with an
 * active vehicle each and `riders` riders, all active, all with `password`.
 *
 * @example
 * const { drivers, riders } = await provisionAccounts(databaseUrl, {
 *   cityId: "ahmedabad", drivers: 500, riders: 600, fleet: "car", password: "curbside-demo",
 * });
 * // then POST /v1/auth/login { email: drivers[0].email, password } for each
 */
export async function provisionAccounts(databaseUrl: string, o: ProvisionOptions): Promise<Provisioned> {
  const started = Date.now();
  if (!Number.isInteger(o.drivers) || !Number.isInteger(o.riders) || o.drivers < 0 || o.riders < 0) {
    throw new Error("provisionAccounts: drivers and riders must be whole numbers, 0 or more");
  }
  const passwordHash = o.passwordHash ?? (await hashPassword(o.password));
  const shares = typeof o.fleet === "string" ? [{ value: o.fleet, weight: 1 }] : o.fleet;
  const prefix = o.prefix ?? `sim-${o.cityId}`;
  const driverNs = Array.from({ length: o.drivers }, (_, i) => i + 1);
  const riderNs = Array.from({ length: o.riders }, (_, i) => i + 1);
  const classes = driverNs.map((n) => fleetClass(shares, n - 1, o.drivers));
  const plates = driverNs.map((n) => `${prefix.toUpperCase()}-${n}`);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const city = await client.query("select 1 from cities where id = $1", [o.cityId]);
    if (city.rowCount === 0) {
      throw new Error(`provisionAccounts: no city "${o.cityId}" in the database (npm start loads the demo cities)`);
    }
    const known = await client.query<{ id: string }>("select id from vehicle_classes where id = any($1::text[])", [
      [...new Set(classes)],
    ]);
    const unknown = [...new Set(classes)].filter((c) => !known.rows.some((r) => r.id === c));
    if (unknown.length > 0) throw new Error(`provisionAccounts: unknown vehicle classes ${unknown.join(", ")}`);

    await client.query("begin");
    // Accounts: found again by email; a later call resets role, status and password.
    const accounts = await client.query<{ id: string; email: string }>(
      `insert into users (email, name, role, password_hash)
       select email, name, role, $4 from unnest($1::text[], $2::text[], $3::user_role[]) as a(email, name, role)
       on conflict (email) do update
         set role = excluded.role, password_hash = excluded.password_hash, status = 'active', updated_at = now()
       returning id, email`,
      [
        [
          ...driverNs.map((n) => provisionedEmail("driver", n, o)),
          ...riderNs.map((n) => provisionedEmail("rider", n, o)),
        ],
        [...driverNs.map((n) => `Sim Driver ${n}`), ...riderNs.map((n) => `Sim Rider ${n}`)],
        [...driverNs.map(() => "driver"), ...riderNs.map(() => "rider")],
        passwordHash,
      ],
    );
    const idOf = new Map(accounts.rows.map((r) => [r.email, r.id]));
    const driverIds = driverNs.map((n) => idOf.get(provisionedEmail("driver", n, o)) as string);

    let vehicleOf = new Map<string, string>();
    if (o.drivers > 0) {
      // Verified profiles in the city, as if an admin had checked their documents.
      await client.query(
        `insert into driver_profiles (user_id, status, city_id, licence_number, verified_at)
         select id, 'verified', $2, licence, now() from unnest($1::uuid[], $3::text[]) as p(id, licence)
         on conflict (user_id) do update
           set status = 'verified', city_id = excluded.city_id, rejection_reason = null,
               verified_at = coalesce(driver_profiles.verified_at, excluded.verified_at), updated_at = now()`,
        [driverIds, o.cityId, plates.map((p) => `DL-${p}`)],
      );
      // One active vehicle each: any other vehicle of theirs steps down first (one active per driver).
      await client.query(
        "update vehicles set is_active = false where driver_id = any($1::uuid[]) and is_active and plate <> all($2::text[])",
        [driverIds, plates],
      );
      const vehicles = await client.query<{ id: string; driver_id: string }>(
        `insert into vehicles (driver_id, vehicle_class_id, plate, model, is_active)
         select driver_id, class, plate, 'Simulated', true
         from unnest($1::uuid[], $2::text[], $3::text[]) as v(driver_id, class, plate)
         on conflict (plate) do update
           set driver_id = excluded.driver_id, vehicle_class_id = excluded.vehicle_class_id, is_active = true
         returning id, driver_id`,
        [driverIds, classes, plates],
      );
      vehicleOf = new Map(vehicles.rows.map((r) => [r.driver_id, r.id]));
    }
    await client.query("commit");

    return {
      drivers: driverNs.map((n, i) => {
        const id = driverIds[i] as string;
        return {
          n,
          id,
          email: provisionedEmail("driver", n, o),
          vehicleId: vehicleOf.get(id) as string,
          vehicleClass: classes[i] as string,
        };
      }),
      riders: riderNs.map((n) => {
        const email = provisionedEmail("rider", n, o);
        return { n, id: idOf.get(email) as string, email };
      }),
      passwordHash,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
