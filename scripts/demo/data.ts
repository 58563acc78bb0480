/**
 * The demo world: two cities (Ahmedabad in INR, New York in USD) with
 * service areas, vehicle classes and pricing, and demo accounts that all
 * use the password `curbside-demo`. Loaded by `npm start` (and the test
 * setup), never in production. Ids are fixed so loading twice adds nothing.
 */
import type { LatLng } from "../../src/domain/geo.ts";

export const DEMO_PASSWORD = "curbside-demo";

type Service = "passenger" | "goods";

export const VEHICLE_CLASSES = [
  {
    id: "bike",
    name: "Bike",
    description: "Two-wheeler: one rider or a small parcel.",
    services: ["passenger", "goods"] as Service[],
    seats: 1,
    maxWeightKg: 20,
    maxDistanceKm: 15,
    sortOrder: 1,
  },
  {
    id: "auto",
    name: "Auto",
    description: "Three-wheeler auto-rickshaw.",
    services: ["passenger", "goods"] as Service[],
    seats: 3,
    maxWeightKg: 100,
    maxDistanceKm: 30,
    sortOrder: 2,
  },
  {
    id: "car",
    name: "Car",
    description: "Four seats, air-conditioned.",
    services: ["passenger"] as Service[],
    seats: 4,
    maxWeightKg: 0,
    maxDistanceKm: 80,
    sortOrder: 3,
  },
  {
    id: "mini_truck",
    name: "Mini truck",
    description: "Goods up to 750 kg.",
    services: ["goods"] as Service[],
    seats: 0,
    maxWeightKg: 750,
    maxDistanceKm: 150,
    sortOrder: 4,
  },
];

/** Closed rings, [lat, lng] corners going round the city. */
function ring(corners: [number, number][]): LatLng[] {
  const points = corners.map(([lat, lng]) => ({ lat, lng }));
  return [...points, points[0] as LatLng];
}

export const CITIES = [
  {
    id: "ahmedabad",
    code: "AMD",
    name: "Ahmedabad",
    countryCode: "IN",
    currency: "INR",
    timezone: "Asia/Kolkata",
    serviceArea: [
      ring([
        [22.92, 72.47],
        [22.92, 72.68],
        [23.12, 72.68],
        [23.12, 72.47],
      ]),
    ],
    detourFactor: 1.35,
    avgSpeedKmh: 22,
    surgeCap: 2,
    cancellationGraceS: 120,
    taxes: [
      { code: "CGST", name: "Central GST", ratePpm: 90_000 },
      { code: "SGST", name: "State GST", ratePpm: 90_000 },
    ],
    // Demo numbers in the registries' formats; receipts print them.
    taxRegistrations: [{ name: "GSTIN", number: "24AAICC0000A1Z5" }],
  },
  {
    id: "new-york",
    code: "NYC",
    name: "New York",
    countryCode: "US",
    currency: "USD",
    timezone: "America/New_York",
    serviceArea: [
      ring([
        [40.55, -74.05],
        [40.55, -73.75],
        [40.88, -73.75],
        [40.88, -74.05],
      ]),
    ],
    detourFactor: 1.3,
    avgSpeedKmh: 18,
    surgeCap: 2.5,
    cancellationGraceS: 120,
    taxes: [{ code: "SALES", name: "NY sales tax", ratePpm: 88_750 }],
    taxRegistrations: [{ name: "NYS sales tax certificate of authority", number: "00-0000000" }],
  },
];

/**
 * [city, class, service, base, per km, per minute, minimum, cancellation fee, load assist] in minor
 * units; load assist null where the class does not offer it (a bike rider carries no fridge upstairs).
 */
const PRICES: [string, string, Service, number, number, number, number, number, number | null][] = [
  // Ahmedabad (paise). Bike goods reproduces the delivery plan's example:
  // 5.2 km → ₹54 base + ₹26 distance = ₹80, + CGST ₹7.20 + SGST ₹7.20 = ₹94.40.
  ["ahmedabad", "bike", "passenger", 2500, 800, 50, 3000, 1500, null],
  ["ahmedabad", "bike", "goods", 5400, 500, 0, 5400, 2000, null],
  ["ahmedabad", "auto", "passenger", 3000, 1500, 100, 3000, 3000, null],
  ["ahmedabad", "auto", "goods", 6000, 1400, 100, 6000, 3000, 5000],
  ["ahmedabad", "car", "passenger", 5000, 1800, 200, 8000, 5000, null],
  ["ahmedabad", "mini_truck", "goods", 25000, 2500, 200, 30000, 10000, 15000],
  // New York (cents). No auto-rickshaws there.
  ["new-york", "bike", "goods", 300, 120, 20, 600, 300, null],
  ["new-york", "car", "passenger", 300, 175, 45, 800, 500, null],
  ["new-york", "mini_truck", "goods", 2500, 250, 60, 4000, 1500, 2500],
];

export const PRICING = PRICES.map(
  ([cityId, vehicleClassId, service, baseFare, perKm, perMinute, minimumFare, cancellationFee, loadAssistFee]) => ({
    cityId,
    vehicleClassId,
    service,
    currency: CITIES.find((c) => c.id === cityId)?.currency ?? "XXX",
    baseFare,
    perKm,
    perMinute,
    minimumFare,
    cancellationFee,
    loadAssistFee,
  }),
);

const demoId = (kind: number, n: number) =>
  `00000000-0000-4000-8${kind.toString(16).padStart(3, "0")}-${n.toString(16).padStart(12, "0")}`;

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: "rider" | "driver" | "owner" | "admin";
  phone: string;
}

export const ADMIN: DemoUser = {
  id: demoId(1, 1),
  email: "admin@curbside.test",
  name: "Asha Admin",
  role: "admin",
  phone: "+919800000001",
};

const RIDER_NAMES = ["Riya Shah", "Karan Patel", "Maya Lopez", "Sam Carter", "Nisha Desai"];
export const RIDERS: DemoUser[] = RIDER_NAMES.map((name, i) => ({
  id: demoId(2, i + 1),
  email: `rider${i + 1}@curbside.test`,
  name,
  role: "rider",
  phone: i < 3 ? `+91981000000${i + 1}` : `+1212555010${i + 1}`,
}));

const OWNER_NAMES = ["Ojas Mehta", "Olivia Brooks", "Omar Haddad"];
export const OWNERS: DemoUser[] = OWNER_NAMES.map((name, i) => ({
  id: demoId(3, i + 1),
  email: `owner${i + 1}@curbside.test`,
  name,
  role: "owner",
  phone: i === 0 ? "+919820000001" : `+1212555020${i + 1}`,
}));

/** Two verified drivers for every vehicle class each city prices. */
export const DRIVERS = (() => {
  const out: (DemoUser & {
    cityId: string;
    vehicle: { id: string; vehicleClassId: string; plate: string; model: string; color: string };
  })[] = [];
  const models: Record<string, string> = {
    bike: "Honda Activa",
    auto: "Bajaj RE",
    car: "Maruti Dzire",
    mini_truck: "Tata Ace",
  };
  const nyModels: Record<string, string> = { bike: "Trek e-bike", car: "Toyota Camry", mini_truck: "Ford Transit" };
  const first = [
    "Dev",
    "Arjun",
    "Priya",
    "Imran",
    "Kavya",
    "Vikram",
    "Meera",
    "Rahul",
    "Jamal",
    "Elena",
    "Marco",
    "Grace",
    "Tom",
    "Lina",
  ];
  for (const city of CITIES) {
    const classes = [...new Set(PRICING.filter((p) => p.cityId === city.id).map((p) => p.vehicleClassId))];
    for (const vehicleClassId of classes) {
      for (let k = 0; k < 2; k++) {
        const n = out.length + 1;
        const india = city.id === "ahmedabad";
        out.push({
          id: demoId(4, n),
          email: `driver${n}@curbside.test`,
          name: `${first[n - 1] ?? "Driver"} ${india ? "Kumar" : "Smith"}`,
          role: "driver",
          phone: india ? `+91983000${String(n).padStart(4, "0")}` : `+1212555${String(3000 + n)}`,
          cityId: city.id,
          vehicle: {
            id: demoId(5, n),
            vehicleClassId,
            plate: india ? `GJ01AB${String(1000 + n)}` : `NY-T${String(1000 + n)}`,
            model: (india ? models : nyModels)[vehicleClassId] ?? "Vehicle",
            color: ["white", "black", "silver", "yellow"][n % 4] ?? "white",
          },
        });
      }
    }
  }
  return out;
})();

export const SPOTS = [
  {
    id: demoId(6, 1),
    ownerId: OWNERS[0]?.id as string,
    title: "Covered spot near Law Garden",
    spotType: "covered",
    vehicleSize: "standard",
    address: "12 CG Road, Navrangpura",
    city: "Ahmedabad",
    postalCode: "380009",
    countryCode: "IN",
    timezone: "Asia/Kolkata",
    location: { lat: 23.0258, lng: 72.5606 },
    currency: "INR",
    hourlyRate: 4000,
    dailyRate: 30000,
    isCovered: true,
    hasSecurity: true,
  },
  {
    id: demoId(6, 2),
    ownerId: OWNERS[0]?.id as string,
    title: "Two-wheeler bay, SG Highway",
    spotType: "lot",
    vehicleSize: "motorcycle",
    address: "Prahlad Nagar, SG Highway",
    city: "Ahmedabad",
    postalCode: "380015",
    countryCode: "IN",
    timezone: "Asia/Kolkata",
    location: { lat: 23.012, lng: 72.5108 },
    currency: "INR",
    hourlyRate: 1500,
    dailyRate: 10000,
    isCovered: false,
    hasSecurity: false,
  },
  {
    id: demoId(6, 3),
    ownerId: OWNERS[0]?.id as string,
    title: "Garage with EV charger, Bodakdev",
    spotType: "garage",
    vehicleSize: "large",
    address: "Judges Bungalow Road, Bodakdev",
    city: "Ahmedabad",
    postalCode: "380054",
    countryCode: "IN",
    timezone: "Asia/Kolkata",
    location: { lat: 23.0395, lng: 72.512 },
    currency: "INR",
    hourlyRate: 6000,
    dailyRate: 45000,
    isCovered: true,
    hasSecurity: true,
  },
  {
    id: demoId(6, 4),
    ownerId: OWNERS[1]?.id as string,
    title: "Midtown garage spot",
    spotType: "garage",
    vehicleSize: "standard",
    address: "350 W 42nd St, New York",
    city: "New York",
    postalCode: "10036",
    countryCode: "US",
    timezone: "America/New_York",
    location: { lat: 40.7577, lng: -73.9925 },
    currency: "USD",
    hourlyRate: 500,
    dailyRate: 4000,
    isCovered: true,
    hasSecurity: true,
  },
  {
    id: demoId(6, 5),
    ownerId: OWNERS[1]?.id as string,
    title: "Brooklyn driveway",
    spotType: "driveway",
    vehicleSize: "compact",
    address: "88 Berkeley Pl, Brooklyn",
    city: "New York",
    postalCode: "11217",
    countryCode: "US",
    timezone: "America/New_York",
    location: { lat: 40.6766, lng: -73.976 },
    currency: "USD",
    hourlyRate: 300,
    dailyRate: 2200,
    isCovered: false,
    hasSecurity: false,
  },
  {
    id: demoId(6, 6),
    ownerId: OWNERS[2]?.id as string,
    title: "Upper West Side indoor spot",
    spotType: "indoor",
    vehicleSize: "large",
    address: "200 W 86th St, New York",
    city: "New York",
    postalCode: "10024",
    countryCode: "US",
    timezone: "America/New_York",
    location: { lat: 40.7876, lng: -73.976 },
    currency: "USD",
    hourlyRate: 700,
    dailyRate: 5500,
    isCovered: true,
    hasSecurity: true,
  },
] as const;

/** Made-up but stable: the same spots on every load (a small linear congruential sequence). */
function* sequence(seed: number) {
  let x = seed;
  for (;;) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield x / 2_147_483_648;
  }
}

const SPOT_KINDS = [
  ["covered", "standard", "Covered bay"],
  ["outdoor", "compact", "Open-air spot"],
  ["garage", "large", "Garage space"],
  ["driveway", "standard", "Private driveway"],
  ["lot", "motorcycle", "Two-wheeler bay"],
  ["indoor", "oversized", "Indoor bay for vans"],
] as const;

const WEEKDAY_HOURS = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["07:00-22:00"]]));

/** Thirty more spots in each city, around its centre, half always open and half on weekday hours. */
export const MORE_SPOTS = (["ahmedabad", "new-york"] as const).flatMap((city, c) => {
  const random = sequence(c + 42);
  const next = () => random.next().value as number;
  const centre = city === "ahmedabad" ? { lat: 23.03, lng: 72.57 } : { lat: 40.74, lng: -73.98 };
  return Array.from({ length: 30 }, (_, i) => {
    const [spotType, vehicleSize, kind] = SPOT_KINDS[i % SPOT_KINDS.length] as (typeof SPOT_KINDS)[number];
    const hourly = city === "ahmedabad" ? 2000 + Math.round(next() * 60) * 100 : 200 + Math.round(next() * 8) * 50;
    return {
      id: demoId(7, c * 100 + i + 1),
      ownerId: OWNERS[city === "ahmedabad" ? 0 : 1 + (i % 2)]?.id as string,
      title: `${kind} #${i + 1}`,
      spotType,
      vehicleSize,
      address: city === "ahmedabad" ? `${i + 1} Demo Road, Ahmedabad` : `${i + 1} Demo Street, New York`,
      city: city === "ahmedabad" ? "Ahmedabad" : "New York",
      postalCode: null,
      countryCode: city === "ahmedabad" ? "IN" : "US",
      timezone: city === "ahmedabad" ? "Asia/Kolkata" : "America/New_York",
      location: { lat: centre.lat + (next() - 0.5) * 0.08, lng: centre.lng + (next() - 0.5) * 0.08 },
      currency: city === "ahmedabad" ? "INR" : "USD",
      hourlyRate: hourly,
      dailyRate: hourly * 8,
      isCovered: spotType === "covered" || spotType === "indoor" || spotType === "garage",
      hasSecurity: i % 3 === 0,
      hasLighting: i % 2 === 0,
      hasEvCharging: i % 5 === 0,
      operatingHours: i % 2 === 0 ? null : WEEKDAY_HOURS,
      cancellationPolicy: (["flexible", "moderate", "strict"] as const)[i % 3],
      accessInstructions: `Show your code at the gate (demo spot ${i + 1}).`,
    };
  });
});

/**
 * Bookings on the demo spots, relative to the first load: a past stay
 * (completed) and an upcoming one (confirmed) on every third spot, by the
 * demo riders. Demo data only: no payment stands behind them.
 */
export function demoBookings(loadedAt: Date) {
  const day = new Date(Date.UTC(loadedAt.getUTCFullYear(), loadedAt.getUTCMonth(), loadedAt.getUTCDate()));
  return MORE_SPOTS.filter((_, i) => i % 3 === 0).flatMap((spot, i) => {
    const renter = RIDERS[i % RIDERS.length]?.id as string;
    const at = (days: number, hour: number) => new Date(day.getTime() + days * 86_400_000 + hour * 3_600_000);
    const fields = (startsAt: Date, hours: number) => ({
      spotId: spot.id,
      renterId: renter,
      startsAt,
      endsAt: new Date(startsAt.getTime() + hours * 3_600_000),
      currency: spot.currency,
      subtotalAmount: spot.hourlyRate * hours,
      serviceFeeAmount: 0,
      totalAmount: spot.hourlyRate * hours,
      ownerPayoutAmount: spot.hourlyRate * hours,
      paymentMethod: "cash" as const,
      paymentStatus: "succeeded" as const,
      checkInCode: "DEMO23",
    });
    return [
      { id: demoId(8, i * 2 + 1), status: "completed" as const, ...fields(at(-3, 4), 3) },
      { id: demoId(8, i * 2 + 2), status: "confirmed" as const, ...fields(at(2, 4), 2) },
    ];
  });
}
