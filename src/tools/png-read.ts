import { inflateSync } from 'node:zlib';
import { PNG_SIGNATURE } from './png-encode';

export interface PngSize {
  width: number;
  height: number;
}

/** Reads width and height from the IHDR chunk; throws if `bytes` is not a PNG. */
export function readPngSize(bytes: Buffer): PngSize {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface RgbaImage extends PngSize {
  /** Row-major, 4 bytes per pixel. */
  pixels: Uint8Array;
}

/**
 * Decodes 8-bit RGBA, non-interlaced PNGs (what png-encode writes and what Teams wants for the
 * outline icon). Anything else is rejected rather than misread, because the caller checks pixel colours.
 */
export function decodeRgbaPng(bytes: Buffer): RgbaImage {
  const { width, height } = readPngSize(bytes);
  if (bytes[24] !== 8 || bytes[25] !== 6 || bytes[28] !== 0) {
    throw new Error(
      `unsupported PNG (bit depth ${bytes[24]}, colour type ${bytes[25]}, interlace ${bytes[28]}); expected 8-bit RGBA, not interlaced`,
    );
  }
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      pixels[y * stride + x] = (line[x] + unfilter(filter, a, b, c)) & 0xff;
    }
  }
  return { width, height, pixels };
}

function unfilter(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`bad PNG filter type ${filter}`);
  }
}
