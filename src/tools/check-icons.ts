import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestShape } from './check-manifest';
import { decodeRgbaPng, readPngSize } from './png-read';

export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Teams rejects packages whose icons have the wrong size or an outline icon that is not white on transparent. */
export function checkIcons(appPackageDir: string, icons: ManifestShape['icons']): string[] {
  const problems: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const file = join(appPackageDir, icons[kind]);
    if (!existsSync(file)) {
      problems.push(`icons.${kind}: ${file} does not exist`);
      continue;
    }
    const bytes = readFileSync(file);
    try {
      const { width, height } = readPngSize(bytes);
      const want = ICON_SIZES[kind];
      if (width !== want || height !== want)
        problems.push(`icons.${kind}: ${icons[kind]} is ${width}×${height}, Teams needs ${want}×${want}`);
      if (kind === 'outline') problems.push(...checkOutlinePixels(decodeRgbaPng(bytes).pixels).map((p) => `icons.outline: ${p}`));
    } catch (err) {
      problems.push(`icons.${kind}: ${icons[kind]}: ${(err as Error).message} (regenerate with src/tools/draw-icons.ts)`);
    }
  }
  return problems;
}

/** Outline icon rule: every pixel is white (any alpha) or fully transparent, and some are transparent. */
export function checkOutlinePixels(rgba: Uint8Array): string[] {
  let coloured = 0;
  let transparent = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) transparent++;
    else if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) coloured++;
  }
  const problems: string[] = [];
  if (coloured > 0) problems.push(`${coloured} pixels are visible but not white (#FFFFFF)`);
  if (transparent === 0) problems.push('no transparent pixels; the background must be transparent');
  return problems;
}
