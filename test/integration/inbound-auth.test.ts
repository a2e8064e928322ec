import { CONTOSO } from '../../src/simulator/seed/contoso';
import { loadConfig } from '../../src/config';
import { messageActivity } from '../helpers/activities';
import { OpenIdIssuer } from '../helpers/openid-issuer';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const BOT_ID = '0a1b2c3d-0000-4000-8000-00000000b071';

describe('inbound Bot Framework authentication (BOT_ID set)', () => {
  let t: TestBot;
  let issuer: OpenIdIssuer;
  beforeAll(async () => {
    issuer = await new OpenIdIssuer().start();
    t = await startTestBot({
      env: {
        BOT_ID,
        BOT_PASSWORD: 'not-a-real-secret',
        HOST: '127.0.0.1',
        BOT_OPENID_METADATA: issuer.metadataUrl,
        BOT_TOKEN_ISSUER: issuer.issuer,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  const activity = () =>
    messageActivity({ text: 'help', from: { aadObjectId: CONTOSO.users.hank.id, name: 'Hank' }, serviceUrl: t.connector.url });
  const valid = (over: Record<string, unknown> = {}, opts = {}) => issuer.mint({ aud: BOT_ID, serviceurl: t.connector.url, ...over }, opts);
  const now = () => Math.floor(Date.now() / 1000);

  it('a token from the configured issuer, for this bot, is accepted', async () => {
    const res = await t.post(activity(), { authorization: `Bearer ${valid()}` });
    expect(res.status).toBe(200);
  });

  it('with auth on, only the Teams channel is served (Web Chat or Direct Line could claim any identity)', async () => {
    const before = t.connector.calls.length;
    const webchat = { ...activity(), text: 'status alice', channelId: 'webchat' };
    expect((await t.post(webchat)).status).toBe(401); // authentication still comes first
    // A token Bot Service would sign for Web Chat: valid, from a key endorsed for that channel.
    const res = await t.post(webchat, { authorization: `Bearer ${valid({}, { kid: 'other-channel-key' })}` });
    expect(res.status).toBe(200);
    expect(t.connector.calls.length).toBe(before);
    expect(t.logs.some((l) => l.includes('ignored an activity from a channel other than Teams'))).toBe(true);
  });

  it.each<[string, () => string | undefined]>([
    ['no Authorization header', () => undefined],
    ['a garbage token', () => 'not.a.jwt'],
    ['a signature from an unpublished key', () => valid({}, { foreignKey: true })],
    ['the wrong audience', () => valid({ aud: '99999999-0000-4000-8000-000000000000' })],
    ['the wrong issuer', () => valid({ iss: 'https://evil.example' })],
    ['an expiry beyond the 5-minute tolerance', () => valid({ exp: now() - 600, nbf: now() - 4000, iat: now() - 4000 })],
    ['a serviceurl claim for another service', () => valid({ serviceurl: 'https://smba.evil.example/' })],
    ['a key not endorsed for msteams', () => valid({}, { kid: 'other-channel-key' })],
  ])('%s → 401 and nothing sent', async (_name, token) => {
    const before = t.connector.calls.length;
    const tok = token();
    const res = await t.post(activity(), tok ? { authorization: `Bearer ${tok}` } : {});
    expect(res.status).toBe(401);
    expect(t.connector.calls.length).toBe(before);
  });
});

describe('auth off', () => {
  it('the bot refuses to start unauthenticated on a non-loopback address', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/refuses to listen on 0.0.0.0 without authentication/);
    expect(() => loadConfig({ HOST: '192.168.1.10' })).toThrow(/refuses/);
  });
});
