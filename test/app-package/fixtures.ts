import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withEnvFiles } from '../../src/load-env-files';
import type { ManifestShape } from '../../src/tools/check-manifest';
import { fillPlaceholders } from '../../src/tools/fill-placeholders';

export const ROOT = join(__dirname, '..', '..');
export const APP_PACKAGE_DIR = join(ROOT, 'appPackage');
export const ENV_DIR = join(ROOT, 'env');

/** .env.local leaves BOT_ID empty (demo runs without auth), so tests supply one. */
export const TEST_BOT_ID = '0b9a7c52-4e1d-4f3a-8b6c-5d2e1f0a9b87';

/**
 * The test's own environment, not process.env, so a developer's shell (say TEAMSFX_ENV=dev)
 * cannot change what the tests see.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { TEAMSFX_ENV: 'local', BOT_ID: TEST_BOT_ID, ...extra };
}

export function readTemplate(): ManifestShape {
  return JSON.parse(readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')) as ManifestShape;
}

export function filledManifest(): ManifestShape {
  const { value, missing } = fillPlaceholders(readTemplate(), withEnvFiles(ENV_DIR, testEnv()));
  if (missing.length > 0) throw new Error(`unfilled placeholders: ${missing.join(', ')}`);
  return value;
}
