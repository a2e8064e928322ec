import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from '../../src/tools/draw-icons';
import { checkIcons, checkOutlinePixels } from '../../src/tools/check-icons';
import { crc32, encodePng } from '../../src/tools/png-encode';
import { decodeRgbaPng, readPngSize } from '../../src/tools/png-read';
import { APP_PACKAGE_DIR, readTemplate } from './fixtures';

const read = (name: string) => readFileSync(join(APP_PACKAGE_DIR, name));

describe('app icons', () => {
  it('are named in the manifest and pass the packaging checks', () => {
    const { icons } = readTemplate();
    expect(icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(checkIcons(APP_PACKAGE_DIR, icons)).toEqual([]);
  });

  it('have the sizes Teams requires', () => {
    expect(readPngSize(read('color.png'))).toEqual({ width: 192, height: 192 });
    expect(readPngSize(read('outline.png'))).toEqual({ width: 32, height: 32 });
  });

  it('outline is only white or fully transparent pixels, and uses alpha', () => {
    const { pixels } = decodeRgbaPng(read('outline.png'));
    const alphas = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = pixels.subarray(i, i + 4);
      alphas.add(a);
      if (a > 0) expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
    expect(checkOutlinePixels(pixels)).toEqual([]);
  });

  it('outline check rejects a coloured pixel and an opaque background', () => {
    const { pixels } = decodeRgbaPng(read('outline.png'));
    const tinted = Uint8Array.from(pixels);
    const visible = tinted.findIndex((_v, i) => i % 4 === 3 && tinted[i] > 0) - 3;
    tinted[visible] = 0; // red channel off: cyan, not white
    expect(checkOutlinePixels(tinted)).toEqual(['1 pixels are visible but not white (#FFFFFF)']);
    expect(checkOutlinePixels(new Uint8Array(16).fill(255))).toEqual(['no transparent pixels; the background must be transparent']);
  });

  it('colour icon is opaque', () => {
    const { pixels } = decodeRgbaPng(read('color.png'));
    for (let i = 3; i < pixels.length; i += 4) expect(pixels[i]).toBe(255);
  });

  it('committed PNGs are what src/tools/draw-icons.ts draws today', () => {
    expect(Buffer.from(decodeRgbaPng(read('color.png')).pixels).equals(Buffer.from(drawColorIcon()))).toBe(true);
    expect(Buffer.from(decodeRgbaPng(read('outline.png')).pixels).equals(Buffer.from(drawOutlineIcon()))).toBe(true);
  });
});

describe('png encode/decode', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips pixels', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_v, i) => (i * 37) & 0xff);
    const decoded = decodeRgbaPng(encodePng(3, 2, rgba));
    expect(decoded).toEqual({ width: 3, height: 2, pixels: rgba });
  });

  it('rejects files that are not PNG', () => {
    expect(() => readPngSize(Buffer.from('GIF89a not a png at all....'))).toThrow('not a PNG file');
  });
});
