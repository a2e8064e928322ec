import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { withEnvFiles } from '../load-env-files';
import { checkCommandLists, commandListsFor, type CommandInfo } from './check-commands';
import { checkIcons } from './check-icons';
import { checkGuidVariables, validateManifestOffline, type ManifestShape } from './check-manifest';
import { fillPlaceholders, listPlaceholders } from './fill-placeholders';

export interface BuildAppPackageOptions {
  /** Holds manifest.json and the icons it names. */
  appPackageDir: string;
  /** Holds .env.<TEAMSFX_ENV> and .env.<TEAMSFX_ENV>.user. */
  envDir: string;
  outFile: string;
  /** The real environment; it wins over the env files. */
  env: NodeJS.ProcessEnv;
  /** The bot's command table: the package's commandLists are generated from it, and the template must agree. */
  commands: readonly CommandInfo[];
}

/** Everything wrong with the package, reported at once so one run shows all the fixes. */
export class PackageError extends Error {
  constructor(
    readonly summary: string,
    readonly problems: string[],
  ) {
    super(`${summary}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/** Placeholders allowed to be empty: production may have no name suffix. */
const OPTIONAL_PLACEHOLDERS = new Set(['APP_NAME_SUFFIX']);

/** Where the values usually come from, for the ones people ask about. */
const MISSING_HINTS: Readonly<Record<string, string>> = {
  BOT_ID: " (the bot's Entra app client id; `teamsapp provision` writes it, or copy it from the Azure Bot resource)",
  TEAMS_APP_ID: ' (`teamsapp provision` writes it via teamsApp/create)',
  GRAPH_APP_ID: " (the client id of the Entra app the bot calls Graph as: GRAPH_CLIENT_ID, or the managed identity's)",
};

/** Fills, checks and zips appPackage/ the way Teams Toolkit's zipAppPackage would, but offline. Returns outFile. */
export async function buildAppPackage(opts: BuildAppPackageOptions): Promise<string> {
  // 1. Environment: env files under the real environment, as the bot itself reads them.
  const env = withEnvFiles(opts.envDir, opts.env);
  const envName = opts.env.TEAMSFX_ENV ?? opts.env.MFA_BOT_ENV ?? 'local'; // the name withEnvFiles used

  // 2. Fill placeholders; stop here if any are missing, since every later check would fail on them.
  const template = JSON.parse(readFileSync(join(opts.appPackageDir, 'manifest.json'), 'utf8')) as ManifestShape;
  const { value: manifest, missing } = fillPlaceholders(template, env, OPTIONAL_PLACEHOLDERS);
  const envProblems = [
    ...missing.map((name) => `${name} has no value${MISSING_HINTS[name] ?? ''}`),
    ...checkGuidVariables(env, listPlaceholders(template)),
  ];
  if (envProblems.length > 0) {
    const where = `env/.env.${envName}, env/.env.${envName}.user or the environment`;
    throw new PackageError(`Cannot fill appPackage/manifest.json for environment "${envName}"; set these in ${where}:`, envProblems);
  }

  // 3. Offline checks: schema, command table, icons.
  const problems = [
    ...(await validateManifestOffline(manifest)).map((e) => `schema: ${e}`),
    ...checkCommandLists(manifest.bots?.[0]?.commandLists, opts.commands).map((p) => `commandLists: ${p}`),
    ...checkIcons(opts.appPackageDir, manifest.icons),
  ];
  if (problems.length > 0) throw new PackageError('appPackage/manifest.json is not valid for Teams:', problems);

  // 4. Zip: manifest (its command lists generated from the table) and icons at the root, where Teams looks for them.
  if (manifest.bots?.[0]) manifest.bots[0].commandLists = commandListsFor(opts.commands);
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const icon of [manifest.icons.color, manifest.icons.outline]) zip.file(icon, readFileSync(join(opts.appPackageDir, icon)));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  mkdirSync(dirname(opts.outFile), { recursive: true });
  writeFileSync(opts.outFile, bytes);
  return opts.outFile;
}
