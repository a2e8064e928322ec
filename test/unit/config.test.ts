import { ConfigError, loadConfig } from '../../src/config';
import { parseEnvFile, withEnvFiles } from '../../src/load-env-files';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('loadConfig', () => {
  it('defaults to demo mode on loopback with auth off', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3978,
      HOST: '127.0.0.1',
      demoMode: true,
      authEnabled: false,
      GRAPH_AUTH: 'none',
      NEW_HIRE_DAYS: 14,
      POLL_INTERVAL_SECONDS: 60,
    });
  });

  it('sends for real unless DELIVERY_DRY_RUN says otherwise', () => {
    expect(loadConfig({}).DELIVERY_DRY_RUN).toBe(false);
    expect(loadConfig({ DELIVERY_DRY_RUN: 'true' }).DELIVERY_DRY_RUN).toBe(true);
    expect(() => loadConfig({ DELIVERY_DRY_RUN: 'maybe' })).toThrow(/DELIVERY_DRY_RUN/);
  });

  it('lists every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'abc', HELPDESK_GROUP_ID: 'helpdesk', GRAPH_BASE_URL: 'not a url' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.length).toBeGreaterThanOrEqual(3);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.message).toMatch(/HELPDESK_GROUP_ID/);
    expect(error!.message).toMatch(/GRAPH_BASE_URL/);
  });

  it('cross-checks Graph credentials and the bot identity', () => {
    expect(() => loadConfig({ GRAPH_AUTH: 'client-secret' })).toThrow(/GRAPH_TENANT_ID[\s\S]*GRAPH_CLIENT_ID[\s\S]*GRAPH_CLIENT_SECRET/);
    expect(() => loadConfig({ GRAPH_AUTH: 'none', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' })).toThrow(/only allowed/);
    expect(() => loadConfig({ BOT_ID: 'x', BOT_TYPE: 'SingleTenant', BOT_PASSWORD: 'p' })).toThrow(/BOT_TENANT_ID/);
  });

  it('refuses to listen beyond loopback without authentication', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/refuses to listen/);
    expect(loadConfig({ HOST: '0.0.0.0', BOT_ID: 'id', BOT_PASSWORD: 'pw' })).toMatchObject({ authEnabled: true, HOST: '0.0.0.0' });
    expect(loadConfig({ BOT_ID: 'id', BOT_PASSWORD: 'pw' }).HOST).toBe('0.0.0.0');
  });

  it('a configured GRAPH_BASE_URL or credentials end demo mode', () => {
    expect(loadConfig({ GRAPH_BASE_URL: 'https://localhost:9443/v1.0', GRAPH_AUTH: 'none' }).demoMode).toBe(false);
    expect(loadConfig({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' })).toMatchObject({
      demoMode: false,
      GRAPH_AUTH: 'client-secret',
    });
  });
});

describe('env files', () => {
  it('parses KEY=VALUE, quotes and comments', () => {
    expect(parseEnvFile('A=1\n# c\nB="two words"\nexport C=3 # note\nbad line')).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', '3'],
    ]);
  });

  it('real environment wins; SECRET_ prefixes are stripped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, '.env.local'), 'PORT=4000\nLOG_LEVEL=debug\n');
    writeFileSync(join(dir, '.env.local.user'), 'SECRET_BOT_PASSWORD=s3cret\n');
    const env = withEnvFiles(dir, { PORT: '5000' });
    expect(env).toMatchObject({ PORT: '5000', LOG_LEVEL: 'debug', BOT_PASSWORD: 's3cret' });
  });
});
