/**
 * The simulator's people: `sim-<city>-driver-N` (verified, with an active
 * vehicle of the city's fleet mix) and `sim-<city>-rider-N` accounts are
 * provisioned in bulk straight into the platform's database, as the demo data
 * is (scripts/lib/provision.ts), then each signs in through the public API
 * (POST /v1/auth/login) from its own phone's address, a bounded number at a
 * time. A later run finds the same accounts again.
 */
import { provisionAccounts } from "../lib/provision.ts";
import type { SimCity } from "./cities.ts";
import { Api, ApiError, type ErrorLog, phoneAddress, Session, type TokenPair } from "./client.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sign-ins in flight at once: each costs the platform a PBKDF2 hash, so more only queue up. */
export const SIGN_IN_CONCURRENCY = 16;

export interface FleetOptions {
  /** The platform's database, where the accounts are provisioned. */
  databaseUrl: string;
  city: SimCity;
  drivers: number;
  riders: number;
  password: string;
}

/** Someone to sign in: an account and the address of their phone. */
export interface Person {
  email: string;
  /** Sent as cf-connecting-ip: each phone has its own address. */
  address: string;
  /** Drivers only: the class of their active vehicle. */
  vehicleClass: string | null;
}

/** Writes the run's accounts into the database in bulk; who they are, ready to sign in. */
export async function provisionFleet(o: FleetOptions): Promise<{ drivers: Person[]; riders: Person[] }> {
  const accounts = await provisionAccounts(o.databaseUrl, {
    cityId: o.city.id,
    drivers: o.drivers,
    riders: o.riders,
    fleet: o.city.fleet,
    password: o.password,
  });
  return {
    drivers: accounts.drivers.map((a) => ({
      email: a.email,
      address: phoneAddress(1000 + a.n),
      vehicleClass: a.vehicleClass,
    })),
    riders: accounts.riders.map((a) => ({ email: a.email, address: phoneAddress(100_000 + a.n), vehicleClass: null })),
  };
}

/** Signs everyone in through the public API, SIGN_IN_CONCURRENCY at a time. */
export function signInAll(
  base: string,
  people: readonly Person[],
  password: string,
  errors: ErrorLog,
  onSignedIn: () => void = () => {},
): Promise<Session[]> {
  return mapLimit(people, SIGN_IN_CONCURRENCY, async (person) => {
    const api = new Api(base, person.address, errors);
    const session = new Session(api, await signIn(api, person.email, password));
    onSignedIn();
    return session;
  });
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

/**
 * One sign-in, as an app does it. A 429 (a shared address in front of a
 * deployed platform, say) is waited out as its Retry-After says, and a 5xx or
 * no answer is tried again after 2, 4, 8 s; a few times, each one counted in
 * the run's errors.
 */
export async function signIn(api: Api, email: string, password: string): Promise<TokenPair> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.request("post", "/v1/auth/login", { body: { email, password } });
    } catch (error) {
      if (!(error instanceof ApiError) || attempt >= 4) throw error;
      if (error.code === "rate_limited") await sleep(Math.min(60, error.retryAfterS ?? 5) * 1000);
      else if (error.status === 0 || error.status >= 500) await sleep(1000 * 2 ** attempt);
      else throw error;
    }
  }
}
