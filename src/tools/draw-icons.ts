import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodePng } from './png-encode';

/**
 * Draws the two Teams icons (a shield with a keyhole) and writes them to appPackage/.
 * Regenerate with: `npm run build && node dist/src/tools/draw-icons.js [outDir]`.
 * The PNGs are committed; this script exists so they can be changed without an image editor.
 */

/** Teams: colour icon 192×192, outline icon 32×32 (white on transparent). */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
/** Same value as manifest.json `accentColor`, so the icon and the tile background match. */
export const ACCENT: Rgb = [0x2b, 0x57, 0x97];

type Rgb = [number, number, number];
/** A shape is a predicate over the unit square (u right, v down). */
type Shape = (u: number, v: number) => boolean;

function shield(top: number, bottom: number, halfWidth: number): Shape {
  const shoulder = top + (bottom - top) * 0.42; // straight sides above, tapering to a point below
  return (u, v) => {
    if (v < top || v > bottom) return false;
    const t = v <= shoulder ? 0 : (v - shoulder) / (bottom - shoulder);
    return Math.abs(u - 0.5) <= halfWidth * (1 - t * t);
  };
}

const outerShield = shield(0.1, 0.92, 0.36);
const innerShield = shield(0.19, 0.79, 0.27);

const keyhole: Shape = (u, v) => {
  const dx = u - 0.5;
  const dy = v - 0.42;
  if (dx * dx + dy * dy <= 0.095 * 0.095) return true;
  if (v < 0.42 || v > 0.67) return false;
  const halfWidth = 0.035 + ((v - 0.42) / 0.25) * 0.03; // the slot widens towards the bottom
  return Math.abs(dx) <= halfWidth;
};

/** Fraction of each pixel inside `shape`, from a 4×4 supersample, so edges are smooth. */
function coverage(size: number, shape: Shape): Float64Array {
  const n = 4;
  const out = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) if (shape((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size)) hits++;
      }
      out[y * size + x] = hits / (n * n);
    }
  }
  return out;
}

/** Accent background, white shield, accent keyhole; fully opaque. */
export function drawColorIcon(size = COLOR_ICON_SIZE): Uint8Array {
  const shieldCov = coverage(size, outerShield);
  const keyCov = coverage(size, keyhole);
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    for (let ch = 0; ch < 3; ch++) {
      const onShield = ACCENT[ch] * (1 - shieldCov[i]) + 255 * shieldCov[i];
      rgba[i * 4 + ch] = Math.round(onShield * (1 - keyCov[i]) + ACCENT[ch] * keyCov[i]);
    }
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * Shield outline and keyhole in white; everything else fully transparent.
 * Teams rejects outline icons with any colour but white, so only alpha carries the anti-aliasing,
 * and transparent pixels are written as 0,0,0,0.
 */
export function drawOutlineIcon(size = OUTLINE_ICON_SIZE): Uint8Array {
  const ring = coverage(size, (u, v) => outerShield(u, v) && !innerShield(u, v));
  const key = coverage(size, keyhole);
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const alpha = Math.round(255 * Math.min(1, ring[i] + key[i]));
    if (alpha === 0) continue;
    rgba.set([255, 255, 255, alpha], i * 4);
  }
  return rgba;
}

export function writeIcons(outDir: string): string[] {
  const files = [
    [join(outDir, 'color.png'), encodePng(COLOR_ICON_SIZE, COLOR_ICON_SIZE, drawColorIcon())],
    [join(outDir, 'outline.png'), encodePng(OUTLINE_ICON_SIZE, OUTLINE_ICON_SIZE, drawOutlineIcon())],
  ] as const;
  for (const [path, png] of files) writeFileSync(path, png);
  return files.map(([path]) => path);
}

if (require.main === module) {
  for (const path of writeIcons(resolve(process.argv[2] ?? 'appPackage'))) console.log(`wrote ${path}`);
}
