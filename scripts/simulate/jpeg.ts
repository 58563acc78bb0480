/**
 * Small generated JPEGs for the simulated drivers' proof-of-delivery photos
 * (POST /v1/rides/{id}/photos): a baseline JPEG encoder for images made of
 * flat 8×8 blocks, and `parcelPhoto`, a parcel on a doorstep drawn that way.
 *
 * A flat block has only its DC coefficient, so each block is coded as its DC
 * difference (the standard luminance DC table, ITU T.81 K.3) and an end of
 * block; the file is a valid baseline JFIF (YCbCr, no subsampling) that any
 * decoder reads.
 */
import type { Random } from "./random.ts";

export type Rgb = readonly [number, number, number];

/** ITU T.81 table K.3: code counts by length 1–16, then the DC categories 0–11. */
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** An AC table of one symbol, end of block (0x00), coded "0": flat blocks need nothing else. */
const AC_COUNTS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];
/** Every coefficient quantised by 8, so a block's DC is its level − 128. */
const QUANT = 8;

/** The canonical Huffman codes of a table (T.81 annex C): symbol → [code, length]. */
function huffmanCodes(counts: readonly number[], values: readonly number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < (counts[length - 1] ?? 0); i++) codes.set(values[k++] as number, [code++, length]);
    code <<= 1;
  }
  return codes;
}

const DC_CODES = huffmanCodes(DC_COUNTS, DC_VALUES);
const EOB = huffmanCodes(AC_COUNTS, AC_VALUES).get(0) as [number, number];

/** Entropy-coded bits, with a 0x00 stuffed after every 0xFF byte. */
class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1 bits, as T.81 F.1.2.3 asks. */
  end(): number[] {
    if (this.count > 0) this.write(0xff, 8 - this.count);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0);
    this.acc = 0;
    this.count = 0;
  }
}

function segment(marker: number, body: readonly number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 255, ...body];
}

const clampByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** JFIF's RGB → YCbCr. */
function ycbcr([r, g, b]: Rgb): [number, number, number] {
  return [
    clampByte(0.299 * r + 0.587 * g + 0.114 * b),
    clampByte(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
    clampByte(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
  ];
}

/**
 * A baseline JPEG of `columns` × `rows` flat 8×8 blocks, each the colour
 * `colour(x, y)` gives (x, y in blocks).
 *
 * @example
 * const jpeg = encodeBlockJpeg(8, 6, (x, y) => ((x + y) % 2 ? [200, 40, 40] : [240, 240, 240]));
 */
export function encodeBlockJpeg(
  columns: number,
  rows: number,
  colour: (x: number, y: number) => Rgb,
): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(columns) || !Number.isInteger(rows) || columns < 1 || rows < 1 || columns * 8 > 65_535) {
    throw new RangeError("a JPEG of 1 to 8191 whole blocks a side");
  }
  const width = columns * 8;
  const height = rows * 8;
  const components = [1, 2, 3];
  const header = [
    0xff,
    0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF 1.01, 1:1
    ...segment(0xdb, [0, ...new Array<number>(64).fill(QUANT)]),
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 255,
      width >> 8,
      width & 255,
      3,
      ...components.flatMap((id) => [id, 0x11, 0]),
    ]),
    ...segment(0xc4, [0x00, ...DC_COUNTS, ...DC_VALUES, 0x10, ...AC_COUNTS, ...AC_VALUES]),
    ...segment(0xda, [3, ...components.flatMap((id) => [id, 0x00]), 0, 63, 0]),
  ];
  const bits = new BitWriter();
  const previous = [0, 0, 0];
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const levels = ycbcr(colour(x, y));
      for (let c = 0; c < 3; c++) {
        // A flat block's DC is 8 × (level − 128); quantised by 8, the level − 128 itself.
        const dc = Math.round((8 * ((levels[c] as number) - 128)) / QUANT);
        const diff = dc - (previous[c] as number);
        previous[c] = dc;
        const magnitude = Math.abs(diff);
        const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
        const [code, length] = DC_CODES.get(category) as [number, number];
        bits.write(code, length);
        // Negative differences are sent as their one's complement in `category` bits.
        if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
        bits.write(EOB[0], EOB[1]);
      }
    }
  }
  return Uint8Array.from([...header, ...bits.end(), 0xff, 0xd9]);
}

/**
 * A photo a driver takes: a parcel (brown, taped) on a doorstep of some
 * colour, under some light; 96 × 72 pixels, about 330 bytes.
 */
export function parcelPhoto(random: Random): Uint8Array<ArrayBuffer> {
  const columns = 12;
  const rows = 9;
  const light = 0.75 + random() * 0.4;
  const floor: Rgb = [90 + random() * 120, 90 + random() * 120, 90 + random() * 120];
  const box: Rgb = [150 + random() * 40, 100 + random() * 30, 50 + random() * 30];
  const [left, top] = [3 + Math.floor(random() * 3), 2 + Math.floor(random() * 3)];
  const [right, bottom] = [left + 4, top + 3];
  const shaded = (c: Rgb, f: number): Rgb => [clampByte(c[0] * f), clampByte(c[1] * f), clampByte(c[2] * f)];
  return encodeBlockJpeg(columns, rows, (x, y) => {
    const inBox = x >= left && x < right && y >= top && y < bottom;
    if (!inBox) return shaded(floor, light * (0.85 + 0.15 * (y / rows)));
    // The tape along the middle, and the box's shaded side.
    if (x === left + 2) return shaded([200, 190, 150], light);
    return shaded(box, light * (x === right - 1 ? 0.8 : 1));
  });
}
