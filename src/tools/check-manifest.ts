import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { ManifestCommandList } from './check-commands';

/** The parts of a Teams manifest the packaging step reads; the schema checks the rest. */
export interface ManifestShape {
  $schema?: string;
  id: string;
  icons: { color: string; outline: string };
  bots?: Array<{ botId: string; commandLists?: ManifestCommandList[] }>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Env names whose values end up in GUID-only manifest fields, and what each one is. */
export const GUID_VARIABLES: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: 'the Teams app id',
  BOT_ID: "the bot's Entra app (client) id",
  GRAPH_APP_ID: 'the Entra app (client) id the bot calls Microsoft Graph as',
};

/** Says which of TEAMS_APP_ID / BOT_ID / GRAPH_APP_ID is not a GUID, in env terms rather than as a schema path. */
export function checkGuidVariables(env: NodeJS.ProcessEnv, used: readonly string[]): string[] {
  return Object.entries(GUID_VARIABLES)
    .filter(([name]) => used.includes(name) && env[name] && !GUID.test(env[name] ?? ''))
    .map(([name, what]) => `${name} must be a GUID (${what}), got "${env[name]}"`);
}

/**
 * Path of the schema file @microsoft/app-manifest bundles for `$schema`, or undefined.
 * The library silently downloads schemas it does not bundle; packaging must stay offline and reproducible.
 */
export function bundledSchemaPath(schemaUrl: string | undefined): string | undefined {
  const m = /\/json-schemas\/teams\/(v[0-9A-Za-z.]+)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl ?? '');
  if (!m || !schemaUrl?.startsWith('https://developer.microsoft.com/')) return undefined;
  const file = join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams', m[1], 'MicrosoftTeams.schema.json');
  return existsSync(file) ? file : undefined;
}

/** Schema errors as strings ([] when valid), using only the schemas bundled with @microsoft/app-manifest. */
export async function validateManifestOffline(manifest: ManifestShape): Promise<string[]> {
  if (!bundledSchemaPath(manifest.$schema)) {
    return [
      `$schema ${JSON.stringify(manifest.$schema)} is not a Teams schema bundled with @microsoft/app-manifest; use e.g. .../teams/v1.19/MicrosoftTeams.schema.json`,
    ];
  }
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
}
