// @microsoft/app-manifest requires the ESM-only strip-bom, which jest cannot load; see strip-bom-cjs.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.mock factories run synchronously
jest.mock('../../node_modules/@microsoft/app-manifest/node_modules/strip-bom', () => require('./strip-bom-cjs'));

import { COMMANDS } from '../../src/router/command-table';
import { withEnvFiles } from '../../src/load-env-files';
import { checkCommandLists, COMMAND_SCOPES, commandListsFor, truncateDescription } from '../../src/tools/check-commands';
import { bundledSchemaPath, validateManifestOffline } from '../../src/tools/check-manifest';
import { fillPlaceholders, listPlaceholders } from '../../src/tools/fill-placeholders';
import { ENV_DIR, TEST_BOT_ID, filledManifest, readTemplate, testEnv } from './fixtures';

describe('appPackage/manifest.json', () => {
  const realFetch = globalThis.fetch;
  // Proves validation is offline: @microsoft/app-manifest downloads schemas it does not bundle.
  beforeAll(() => {
    globalThis.fetch = () => Promise.reject(new Error('network used during manifest validation'));
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('names a schema bundled with @microsoft/app-manifest, v1.19 or later', () => {
    const { $schema } = readTemplate() as { $schema?: string; manifestVersion?: string };
    expect(bundledSchemaPath($schema)).toBeDefined();
    const version = /\/v1\.(\d+)\//.exec($schema ?? '')?.[1];
    expect(Number(version)).toBeGreaterThanOrEqual(19);
    expect((readTemplate() as unknown as { manifestVersion: string }).manifestVersion).toBe(`1.${version}`);
  });

  it('resolves every placeholder from env/.env.local plus a test BOT_ID', () => {
    const template = readTemplate();
    expect(listPlaceholders(template).sort()).toEqual(['APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'GRAPH_APP_ID', 'TEAMS_APP_ID']);
    const { value, missing } = fillPlaceholders(template, withEnvFiles(ENV_DIR, testEnv()));
    expect(missing).toEqual([]);
    expect(JSON.stringify(value)).not.toContain('${{');
    expect(value.bots?.[0].botId).toBe(TEST_BOT_ID);
    expect(value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  });

  it('reports BOT_ID as missing when only env/.env.local is used', () => {
    const { missing } = fillPlaceholders(readTemplate(), withEnvFiles(ENV_DIR, { TEAMSFX_ENV: 'local' }));
    expect(missing).toEqual(['BOT_ID']);
  });

  it('validates against the bundled schema once filled', async () => {
    expect(await validateManifestOffline(filledManifest())).toEqual([]);
  });

  it('fails validation when broken, so the check above can fail', async () => {
    const broken = filledManifest() as unknown as Record<string, unknown> & { bots: Array<Record<string, unknown>> };
    delete broken.description;
    broken.bots[0].botId = 'not-a-guid';
    broken.bots[0].scopes = ['everyone'];
    const errors = await validateManifestOffline(broken as never);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'description'"),
        expect.stringContaining('/bots/0/botId must match pattern'),
        expect.stringContaining('/bots/0/scopes/0 must be equal to one of the allowed values'),
      ]),
    );
  });

  it('has a bot in personal, team and group chat that is not notification-only and takes no files', () => {
    const bot = filledManifest().bots?.[0] as unknown as Record<string, unknown>;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
  });
});

describe('manifest commandLists', () => {
  const lists = filledManifest().bots?.[0].commandLists ?? [];

  it.each(COMMAND_SCOPES)('lists exactly the command table for scope %s', (scope) => {
    const forScope = lists.filter((l) => l.scopes.includes(scope));
    expect(forScope).toHaveLength(1);
    const listed = COMMANDS.filter((c) => c.listed.includes(scope));
    expect(forScope[0].commands).toEqual(listed.map((c) => ({ title: c.name, description: truncateDescription(c.summary) })));
  });

  it('has no list outside the three scopes', () => {
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    expect(checkCommandLists(lists, COMMANDS)).toEqual([]);
  });

  it('catches drift from the table in either direction', () => {
    const drifted = lists.map((l) => ({ ...l, commands: [...l.commands.slice(1), { title: 'reboot', description: 'x' }] }));
    const problems = checkCommandLists(drifted, COMMANDS);
    expect(problems).toContain('personal: command "help" is missing');
    expect(problems).toContain('groupChat: "reboot" is not a command the bot knows');
  });

  it('generates one list per scope from the `listed` flags, table order, at most 10 each', () => {
    const table = [
      { name: 'help', summary: 'What I can do', listed: ['personal', 'team', 'groupChat'] as const },
      { name: 'notify', summary: 'Tell people', listed: ['personal'] as const },
      { name: 'report', summary: 'After the incident', listed: [] as const },
    ];
    expect(commandListsFor(table)).toEqual([
      {
        scopes: ['personal'],
        commands: [
          { title: 'help', description: 'What I can do' },
          { title: 'notify', description: 'Tell people' },
        ],
      },
      { scopes: ['team'], commands: [{ title: 'help', description: 'What I can do' }] },
      { scopes: ['groupChat'], commands: [{ title: 'help', description: 'What I can do' }] },
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, summary: 's', listed: ['team'] as const }));
    expect(checkCommandLists(commandListsFor(eleven), eleven)).toEqual([
      'the command table lists 11 commands for team but Teams shows at most 10 per list; choose which to list',
    ]);
    for (const scope of COMMAND_SCOPES) expect(COMMANDS.filter((c) => c.listed.includes(scope)).length).toBeLessThanOrEqual(10);
  });

  it('the packaged manifest carries the generated lists; help still shows every command', async () => {
    const { renderHelpCard } = await import('../../src/router/help-card');
    const help = JSON.stringify(renderHelpCard(COMMANDS));
    for (const c of COMMANDS) expect(help).toContain(c.summary.replace(/'/g, "'"));
    expect(filledManifest().bots?.[0].commandLists).toEqual(commandListsFor(COMMANDS));
  });

  it("truncates long summaries at a word to fit Teams' 128 characters", () => {
    const long = `${'word '.repeat(40)}end`;
    const cut = truncateDescription(long);
    expect(cut.length).toBeLessThanOrEqual(128);
    expect(cut.endsWith('word…')).toBe(true);
    expect(truncateDescription('short')).toBe('short');
  });
});
