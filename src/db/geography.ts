/**
 * PostGIS geography columns for drizzle: `geography(Point,4326)` and
 * `geography(Polygon,4326)`. Values go to the database as EWKT and come back
 * as hex EWKB, which is decoded here (points and polygons only; that is all
 * the schema stores).
 */
import { customType } from "drizzle-orm/pg-core";
import type { LatLng, Polygon } from "../domain/geo.ts";

/** `geography(Point,4326)` holding a `{ lat, lng }`. */
export const geographyPoint = customType<{ data: LatLng; driverData: string }>({
  dataType: () => "geography(Point,4326)",
  toDriver: (p) => `SRID=4326;POINT(${p.lng} ${p.lat})`,
  fromDriver: (hex) => decodePoint(hex),
});

/** `geography(Polygon,4326)` holding rings of `{ lat, lng }`. */
export const geographyPolygon = customType<{ data: Polygon; driverData: string }>({
  dataType: () => "geography(Polygon,4326)",
  toDriver: (rings) =>
    `SRID=4326;POLYGON(${rings.map((ring) => `(${ring.map((p) => `${p.lng} ${p.lat}`).join(",")})`).join(",")})`,
  fromDriver: (hex) => decodePolygon(hex),
});

const WKB_POINT = 1;
const WKB_POLYGON = 3;
const EWKB_SRID_FLAG = 0x20000000;

class WkbReader {
  private offset = 0;
  private little = true;
  private readonly view: DataView;
  constructor(hex: string) {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.substr(i * 2, 2), 16);
    this.view = new DataView(bytes.buffer);
  }
  header(): number {
    this.little = this.view.getUint8(this.offset) === 1;
    this.offset += 1;
    const type = this.uint32();
    if (type & EWKB_SRID_FLAG) this.uint32();
    return type & 0xffff;
  }
  uint32(): number {
    const v = this.view.getUint32(this.offset, this.little);
    this.offset += 4;
    return v;
  }
  point(): LatLng {
    const lng = this.view.getFloat64(this.offset, this.little);
    const lat = this.view.getFloat64(this.offset + 8, this.little);
    this.offset += 16;
    return { lat, lng };
  }
}

/** Decodes a hex (E)WKB point. */
export function decodePoint(hex: string): LatLng {
  const r = new WkbReader(hex);
  const type = r.header();
  if (type !== WKB_POINT) throw new Error(`expected a WKB point, got type ${type}`);
  return r.point();
}

/** Decodes a hex (E)WKB polygon. */
export function decodePolygon(hex: string): Polygon {
  const r = new WkbReader(hex);
  const type = r.header();
  if (type !== WKB_POLYGON) throw new Error(`expected a WKB polygon, got type ${type}`);
  const rings: Polygon = [];
  for (let ringCount = r.uint32(); ringCount > 0; ringCount--) {
    const ring: LatLng[] = [];
    for (let n = r.uint32(); n > 0; n--) ring.push(r.point());
    rings.push(ring);
  }
  return rings;
}
