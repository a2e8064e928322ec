// @microsoft/app-manifest requires the ESM-only strip-bom, which jest cannot load; see strip-bom-cjs.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.mock factories run synchronously
jest.mock('../../node_modules/@microsoft/app-manifest/node_modules/strip-bom', () => require('./strip-bom-cjs'));

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { COMMANDS } from '../../src/router/command-table';
import { buildAppPackage, PackageError, type BuildAppPackageOptions } from '../../src/tools/build-app-package';
import { commandListsFor } from '../../src/tools/check-commands';
import { APP_PACKAGE_DIR, ENV_DIR, TEST_BOT_ID, testEnv } from './fixtures';

describe('buildAppPackage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mfa-bot-package-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (env: NodeJS.ProcessEnv): BuildAppPackageOptions => ({
    appPackageDir: APP_PACKAGE_DIR,
    envDir: ENV_DIR,
    outFile: join(dir, 'build', 'appPackage.zip'),
    env,
    commands: COMMANDS,
  });

  it('writes a zip with the filled manifest and both icons at the root', async () => {
    const out = await buildAppPackage(options(testEnv()));
    expect(out).toBe(join(dir, 'build', 'appPackage.zip'));

    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.bots[0].botId).toBe(TEST_BOT_ID);
    expect(manifest.name.short).toBe('mfa-botlocal');
    expect(manifest.validDomains).toEqual(['localhost']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.bots[0].commandLists).toEqual(commandListsFor(COMMANDS));
    const icon = await zip.file('color.png')!.async('nodebuffer');
    expect(icon.equals(readFileSync(join(APP_PACKAGE_DIR, 'color.png')))).toBe(true);
  });

  it('lets the real environment override the env file', async () => {
    const out = await buildAppPackage(options(testEnv({ BOT_DOMAIN: 'bot.example.com' })));
    const manifest = JSON.parse(await (await JSZip.loadAsync(readFileSync(out))).file('manifest.json')!.async('string'));
    expect(manifest.validDomains).toEqual(['bot.example.com']);
  });

  it('fails with one message naming every unset placeholder', async () => {
    const err = await buildAppPackage(options({ TEAMSFX_ENV: 'local', BOT_DOMAIN: '' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackageError);
    expect((err as PackageError).problems).toEqual([
      expect.stringMatching(/^BOT_ID has no value \(the bot's Entra app client id/),
      'BOT_DOMAIN has no value',
    ]);
    expect((err as PackageError).message).toContain('env/.env.local, env/.env.local.user or the environment');
  });

  it('insists TEAMS_APP_ID and BOT_ID are GUIDs', async () => {
    const err = await buildAppPackage(options(testEnv({ BOT_ID: 'my-bot', TEAMS_APP_ID: '1234' }))).catch((e: unknown) => e);
    expect((err as PackageError).problems).toEqual([
      'TEAMS_APP_ID must be a GUID (the Teams app id), got "1234"',
      `BOT_ID must be a GUID (the bot's Entra app (client) id), got "my-bot"`,
    ]);
  });

  it('refuses a package whose commandLists no longer match the table', async () => {
    const extra = [...COMMANDS, { name: 'reboot', summary: 'Restart the bot' }];
    const err = await buildAppPackage({ ...options(testEnv()), commands: extra }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackageError);
    expect((err as PackageError).problems).toEqual(
      expect.arrayContaining([expect.stringContaining('11 commands'), 'commandLists: personal: command "reboot" is missing']),
    );
  });
});
