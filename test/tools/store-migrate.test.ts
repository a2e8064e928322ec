import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { TableStore } from '../../src/storage/table/table-store';
import { sharedAzurite, type Azurite } from '../helpers/azurite';
import { ensureBuilt } from '../helpers/bot-process';
import {
  ALL,
  EXCHANGE,
  IDENTITY,
  auditEntry,
  campaign,
  exportLink,
  healthIssue,
  minute,
  outboxItem,
  recipient,
  subscription,
  tapCard,
  tapRequest,
  tapTarget,
} from '../contract/fixtures';

const ROOT = resolve(__dirname, '..', '..');
const NOW = Date.now();

/** A SQLite store with some of everything, in the states a running bot leaves behind. */
async function populate(dataDir: string): Promise<void> {
  const s = SqliteStore.open(join(dataDir, 'mfa-bot.db'));
  const subs = s.health.subscriptions;
  await subs.addTarget(subscription('19:general', { kind: 'channel', teamId: 'team-1', channelId: '19:general' }), IDENTITY, 100);
  await subs.addTarget(subscription('19:general', { kind: 'channel', teamId: 'team-1', channelId: '19:general' }), EXCHANGE, 150);
  await subs.addTarget(subscription('chat-1'), ALL, 200);
  await subs.addTarget(subscription('chat-gone'), IDENTITY, 50);
  await subs.setActive({ key: 'chat-gone' }, false, 'bot removed', 300);

  const open = healthIssue({ id: 'EX1', lastModifiedDateTime: minute(5) });
  const resolved = healthIssue({ id: 'EX2', isResolved: true, status: 'serviceRestored', lastModifiedDateTime: minute(9) });
  await s.health.issues.saveIssues([open, resolved], minute(9), 1);
  const r = await s.health.progress.begin('EX1', '19:general', 's1');
  await s.health.progress.save([{ ...r, progress: { postCount: 1, status: 'investigating', isResolved: false }, cardVersion: minute(5) }]);
  await s.health.progress.begin('EX1', 'chat-1', 's2');

  const sent = outboxItem({ key: 'inc:EX1:19:general:s1:open', lane: 'health:19:general', group: 'incident:EX1' });
  const next = outboxItem({ key: 'inc:EX1:19:general:s1:post:1', lane: 'health:19:general', group: 'incident:EX1' });
  const failed = outboxItem({ key: 'tap:card:1', lane: 'user:maria', group: 'tap:1' });
  const held = outboxItem({ key: 'inc:EX1:chat-gone:s3:open', lane: 'health:chat-gone', group: 'incident:EX1' });
  await s.outbox.enqueue([sent, next, failed, held], NOW - 60_000);
  await s.outbox.claim(sent.key, 'old-bot', NOW, NOW - 60_000);
  await s.outbox.markSending(sent.key, 'old-bot', NOW - 59_000);
  await s.outbox.complete(
    sent.key,
    'old-bot',
    'sent',
    { activityId: 'act-1', ref: { conversation: { id: '19:general;messageid=act-1' } } },
    NOW - 58_000,
  );
  await s.outbox.claim(failed.key, 'old-bot', NOW, NOW - 60_000);
  await s.outbox.fail(failed.key, 'old-bot', 'gone', { status: 403, code: 'ConversationBlockedByUser' }, NOW - 57_000);
  await s.outbox.pauseLane('health:chat-gone', NOW - 56_000);

  const pending = tapRequest({ id: 'req-pending', target: tapTarget('alex-id'), createdAt: NOW - 5_000, expiresAt: NOW + 600_000 });
  const issued = tapRequest({
    id: 'req-issued',
    target: tapTarget('bob-id'),
    status: 'issued',
    createdAt: NOW - 90_000,
    issuedAt: NOW - 80_000,
  });
  await s.tapRequests.create(issued);
  await s.tapRequests.create(pending);
  await s.tapRequests.addCard(tapCard('req-pending', { activityId: 'card-1' }));
  await s.tapRequests.addCard(tapCard('req-pending', { activityId: 'card-2', role: 'tracking', approverId: undefined, actionable: false }));
  for (const [n, event] of (['requested', 'approved', 'issued'] as const).entries())
    await s.tapRequests.audit(
      auditEntry({
        requestId: 'req-issued',
        event,
        at: NOW - 90_000 + n * 1_000,
        target: { id: 'Bob-Id', upn: 'bob@contoso.test', name: 'Bob' },
      }),
    );
  await s.tapRequests.audit(auditEntry({ requestId: 'req-pending', event: 'requested', at: NOW - 5_000 }));

  await s.people.remember({ aadObjectId: 'Maria-Id', teamsId: '29:maria', personalChat: subscription('a:maria').reference, at: 10 });
  await s.people.remember({ aadObjectId: 'hank-id', teamsId: '29:hank', at: 11 });

  mkdirSync(join(dataDir, 'exports'), { recursive: true });
  const csv = join(dataDir, 'exports', '0123456789abcdef01234567.csv');
  writeFileSync(csv, '\uFEFFid,name\r\n1,Alex\r\n');
  await s.exportLinks.put(exportLink({ tokenHash: 'a'.repeat(64), path: csv, expiresAt: NOW + 900_000 }));

  await s.snapshots.put('registration', [
    { key: 'U-1', value: { isMfaRegistered: true }, at: NOW - 1_000, expiresAt: NOW + 3_600_000 },
    { key: 'u-old', value: { isMfaRegistered: false }, at: NOW - 90_000_000, expiresAt: NOW - 1_000 },
  ]);

  const sentCampaign = campaign({ id: 'camp-sent', status: 'awaiting', createdAt: NOW - 30_000 });
  await s.campaigns.create(sentCampaign, [recipient('alex-id', 'Alex'), recipient('bob-id', 'Bob', ['Cara'])]);
  await s.campaigns.update({ ...sentCampaign, status: 'sent', version: sentCampaign.version + 1 });
  await s.campaigns.create(campaign({ id: 'camp-cancelled', status: 'cancelled', createdAt: NOW - 20_000 }), [recipient('hank-id')]);
  await s.close();
}

describe('npm run store:migrate -- --from sqlite --to table', () => {
  let azurite: Azurite;
  let dataDir: string;
  const run = () =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'tools', 'store-migrate.js'), '--from', 'sqlite', '--to', 'table'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        STORE_PREFIX: 'migrated',
        LOG_LEVEL: 'silent',
      },
    });

  beforeAll(async () => {
    ensureBuilt();
    azurite = await sharedAzurite();
    dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-migrate-'));
    await populate(dataDir);
  }, 120_000);

  afterAll(async () => {
    await azurite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies everything, says what it did, and verifies it', () => {
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const out = first.stdout;
    expect(out).toMatch(/subscriptions +3 in SQLite: 3 copied, 0 updated, 0 already there; verified 3\/3/);
    expect(out).toMatch(/issues +2 in SQLite: 2 copied/);
    expect(out).toMatch(/watermark +1 in SQLite: 1 copied/);
    expect(out).toMatch(/enqueued progress +2 in SQLite: 2 copied.*verified 2\/2/);
    expect(out).toMatch(/outbox items +4 in SQLite: 4 copied.*verified 4\/4/);
    expect(out).toMatch(/paused lanes +1 in SQLite:.*verified 1\/1/);
    expect(out).toMatch(/TAP requests +2 in SQLite: 2 copied.*verified 2\/2/);
    expect(out).toMatch(/TAP cards +2 in SQLite: 2 copied.*verified 2\/2/);
    expect(out).toMatch(/TAP trail +4 in SQLite: 4 copied.*verified 4\/4/);
    expect(out).toMatch(/people +2 in SQLite: 2 copied.*verified 2\/2/);
    expect(out).toMatch(/export links +1 in SQLite: 1 copied.*verified 1\/1/);
    expect(out).toMatch(/snapshots +2 in SQLite: 1 copied, 0 updated, 0 already there, 1 skipped \(expired\); verified 1\/1/);
    expect(out).toMatch(/notify campaigns +2 in SQLite: 2 copied.*verified 2\/2/);
    expect(out).toMatch(/done: \d+ records written, everything verified/);
  }, 60_000);

  it('changes nothing when run again', () => {
    const second = run();
    expect(second.status).toBe(0);
    for (const line of second.stdout.split('\n').filter((l) => / in SQLite: /.test(l))) expect(line).toMatch(/: 0 copied, 0 updated, /);
    expect(second.stdout).toMatch(/done: 0 records written, everything verified/);
  }, 60_000);

  it('leaves a table store that works as the bot expects: order, guards, lane heads, trail, files', async () => {
    const t = await TableStore.open({ connectionString: azurite.connectionString, prefix: 'migrated' });
    const s = SqliteStore.open(join(dataDir, 'mfa-bot.db'));
    try {
      expect((await t.health.subscriptions.listActive()).map((x) => x.key)).toEqual(
        (await s.health.subscriptions.listActive()).map((x) => x.key),
      );
      expect(await t.health.subscriptions.get('chat-gone')).toMatchObject({ active: false, inactiveReason: 'bot removed' });
      expect(await t.tapRequests.create(tapRequest({ target: tapTarget('ALEX-ID') }))).toBe('target-busy');
      expect((await t.tapRequests.openFor('alex-id'))?.id).toBe('req-pending');
      expect((await t.tapRequests.due(NOW + 700_000, 0)).map((r) => r.id)).toEqual(['req-pending']);
      expect(await t.tapRequests.history({ limit: 10 })).toEqual(await s.tapRequests.history({ limit: 10 }));
      expect(await t.tapRequests.history({ targetId: 'bob-id', limit: 10 })).toEqual(
        await s.tapRequests.history({ targetId: 'bob-id', limit: 10 }),
      );
      // The lane's next item is its head; the paused lane offers nothing.
      expect((await t.outbox.due(NOW, 10)).map((i) => i.key)).toEqual((await s.outbox.due(NOW, 10)).map((i) => i.key));
      expect(await t.outbox.backlog()).toEqual(await s.outbox.backlog());
      expect(await t.outbox.counts('incident:EX1')).toEqual(await s.outbox.counts('incident:EX1'));
      const link = await t.exportLinks.get('a'.repeat(64));
      expect(link?.path).toBe('0123456789abcdef01234567.csv');
      const body = await t.files.read(link!.path);
      let text = '';
      for await (const chunk of body!) text += String(chunk);
      expect(text).toBe('\uFEFFid,name\r\n1,Alex\r\n');
      expect(await t.campaigns.open(10)).toEqual(await s.campaigns.open(10));
      expect((await t.campaigns.recent(10)).map((c) => c.id)).toEqual(['camp-cancelled', 'camp-sent']);
      expect(await t.campaigns.recipients('camp-sent', { limit: 10 })).toEqual(await s.campaigns.recipients('camp-sent', { limit: 10 }));
      expect(await t.snapshots.get('registration', 'u-1', NOW)).toEqual({ value: { isMfaRegistered: true }, at: NOW - 1_000 });
    } finally {
      await t.close();
      await s.close();
    }
  });
});
