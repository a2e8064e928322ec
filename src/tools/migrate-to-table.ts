import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Campaign, Recipient } from '../domain/campaign';
import type { ConversationRef } from '../ports/notifier';
import type { SnapshotKind } from '../ports/snapshot-store';
import type { SqliteStore } from '../storage/sqlite/sqlite-store';
import { toAuditEntry } from '../storage/sqlite/sqlite-tap-store';
import type { TableStore } from '../storage/table/table-store';

/** What one kind of record came to: new in the target, rewritten there, already there, and checked after. */
export interface KindReport {
  kind: string;
  source: number;
  created: number;
  updated: number;
  same: number;
  skipped: number;
  verified: number;
}

type Raw = Record<string, string | number | null>;

/** JSON with keys sorted, so two equal values compare equal whatever order their keys were written in. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}
const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/**
 * Copies everything a SQLite store holds into a Table Storage store: subscriptions, the poller's issues,
 * watermark and enqueued progress, the outbox (every item with its state and where it landed, lanes in order,
 * paused lanes), TAP requests with their cards and trail, people, export links with their files, and
 * snapshots still live, and notify campaigns with their recipients. Idempotent: a record already there is left alone, so a second run (or one resumed
 * after a failure) copies only what is missing. Then reads every record back from the target and compares.
 * Leases and instance heartbeats are not copied: they belong to running bots. Run it with the bots stopped.
 */
export async function migrateSqliteToTable(
  source: SqliteStore,
  target: TableStore,
  now: number,
  say: (line: string) => void = () => undefined,
): Promise<KindReport[]> {
  const db = source.db;
  const reports: KindReport[] = [];
  const track = async (kind: string, total: number, work: (r: KindReport) => Promise<void>) => {
    const r: KindReport = { kind, source: total, created: 0, updated: 0, same: 0, skipped: 0, verified: 0 };
    await work(r);
    reports.push(r);
    say(
      `${kind.padEnd(18)} ${String(r.source).padStart(6)} in SQLite: ${r.created} copied, ${r.updated} updated, ${r.same} already there` +
        `${r.skipped ? `, ${r.skipped} skipped (expired)` : ''}; verified ${r.verified}/${r.source - r.skipped}`,
    );
  };
  const count = (o: 'created' | 'updated' | 'same', r: KindReport) => r[o]++;

  // 1. Subscriptions, with their age (it orders the fan-out) and whether they are active.
  const subs = db.prepare('SELECT key, created_at, updated_at FROM health_subscriptions ORDER BY created_at, key').all() as Raw[];
  await track('subscriptions', subs.length, async (r) => {
    const tableSubs = target.health.subscriptions;
    for (const row of subs) {
      const sub = (await source.health.subscriptions.get(String(row.key)))!;
      count(await tableSubs.restore(sub, Number(row.created_at), Number(row.updated_at)), r);
    }
    for (const row of subs)
      if (same(await target.health.subscriptions.get(String(row.key)), await source.health.subscriptions.get(String(row.key))))
        r.verified++;
  });

  // 2. Issues as last seen, and the watermark.
  const issues = await source.health.issues.issuesChangedSince('');
  await track('issues', issues.length, async (r) => {
    for (const issue of issues) {
      const known = await target.health.issues.get(issue.id);
      if (same(known, issue)) r.same++;
      else {
        await target.health.issues.saveIssues([issue], undefined, now);
        r[known ? 'updated' : 'created']++;
      }
    }
    for (const issue of issues) if (same(await target.health.issues.get(issue.id), issue)) r.verified++;
  });
  const watermark = await source.health.issues.watermark();
  await track('watermark', watermark ? 1 : 0, async (r) => {
    if (!watermark) return;
    const known = await target.health.issues.watermark();
    if (known === watermark) r.same++;
    else {
      await target.health.issues.saveIssues([], watermark, now);
      r[known ? 'updated' : 'created']++;
    }
    if ((await target.health.issues.watermark()) === watermark) r.verified++;
  });

  // 3. What the poller enqueued per issue and conversation.
  const progressIssues = (db.prepare('SELECT DISTINCT issue_id FROM health_progress ORDER BY issue_id').all() as Raw[]).map((x) =>
    String(x.issue_id),
  );
  const progressTotal = (db.prepare('SELECT COUNT(*) AS n FROM health_progress').get() as { n: number }).n;
  await track('enqueued progress', progressTotal, async (r) => {
    for (const issueId of progressIssues) {
      const known = await target.health.progress.forIssue(issueId);
      const records = [...(await source.health.progress.forIssue(issueId)).values()];
      for (const rec of records) {
        const there = known.get(rec.subscriptionKey);
        if (same(there, rec)) {
          r.same++;
          continue;
        }
        await target.health.progress.begin(rec.issueId, rec.subscriptionKey, rec.series);
        await target.health.progress.save([rec]);
        r[there ? 'updated' : 'created']++;
      }
      const after = await target.health.progress.forIssue(issueId);
      for (const rec of records) if (same(after.get(rec.subscriptionKey), rec)) r.verified++;
    }
  });

  // 4. The outbox: every item as it stands, in its enqueue order, and the paused lanes.
  const items = db.prepare('SELECT key, seq FROM outbox_items ORDER BY seq').all() as Raw[];
  const paused = (db.prepare('SELECT lane, paused_at FROM outbox_paused_lanes').all() as Raw[]).map((p) => ({
    lane: String(p.lane),
    pausedAt: Number(p.paused_at),
  }));
  await track('outbox items', items.length, async (r) => {
    const full = await Promise.all(items.map(async (i) => ({ item: (await source.outbox.get(String(i.key)))!, seq: Number(i.seq) })));
    const done = await target.outbox.restore(full, paused);
    r.created += done.created;
    r.same += done.same;
    for (const { item } of full) if (same(await target.outbox.get(item.key), item)) r.verified++;
  });
  await track('paused lanes', paused.length, async (r) => {
    const there = new Set(await target.outbox.pausedLanes());
    r.verified = paused.filter((p) => there.has(p.lane)).length;
    r.same = r.verified;
  });

  // 5. TAP requests, their cards (in order) and the trail.
  const requests = (db.prepare('SELECT id FROM tap_requests ORDER BY created_at, id').all() as Raw[]).map((x) => String(x.id));
  await track('TAP requests', requests.length, async (r) => {
    for (const id of requests) {
      const req = (await source.tapRequests.get(id))!;
      const known = await target.tapRequests.get(id);
      if (same(known, req)) r.same++;
      else if (!known) {
        if ((await target.tapRequests.create(req)) !== 'created')
          throw new Error(`TAP request ${id}: another open request for its user is in the table store`);
        r.created++;
      } else {
        if (!(await target.tapRequests.transition(known.status, req)))
          throw new Error(`TAP request ${id} changed in the table store while copying`);
        r.updated++;
      }
    }
    for (const id of requests) if (same(await target.tapRequests.get(id), await source.tapRequests.get(id))) r.verified++;
  });
  const cards = db.prepare('SELECT request_id, rowid AS position FROM tap_cards ORDER BY rowid').all() as Raw[];
  await track('TAP cards', cards.length, async (r) => {
    const byRequest = new Map<string, number[]>();
    for (const c of cards) byRequest.set(String(c.request_id), [...(byRequest.get(String(c.request_id)) ?? []), Number(c.position)]);
    for (const [requestId, positions] of byRequest) {
      const list = await source.tapRequests.cards(requestId);
      for (const [n, card] of list.entries()) count(await target.tapRequests.restoreCard(card, positions[n]), r);
      if (same(await target.tapRequests.cards(requestId), list)) r.verified += list.length;
    }
  });
  const trail = db.prepare('SELECT * FROM tap_audit ORDER BY seq').all() as Raw[];
  await track('TAP trail', trail.length, async (r) => {
    for (const row of trail) count(await target.tapRequests.restoreAudit(toAuditEntry(row), Number(row.seq)), r);
    const there = new Map<string, number>();
    for (const e of await target.tapRequests.history({ limit: trail.length + 10_000 }))
      there.set(stable(e), (there.get(stable(e)) ?? 0) + 1);
    for (const row of trail) {
      const k = stable(JSON.parse(JSON.stringify(toAuditEntry(row))));
      if ((there.get(k) ?? 0) > 0) {
        there.set(k, there.get(k)! - 1);
        r.verified++;
      }
    }
  });

  // 6. People.
  const people = db.prepare('SELECT * FROM people ORDER BY aad_object_id').all() as Raw[];
  await track('people', people.length, async (r) => {
    for (const p of people)
      count(
        await target.people.restore({
          aadObjectId: String(p.aad_object_id),
          teamsId: p.teams_id === null ? undefined : String(p.teams_id),
          personalChat: p.personal_ref ? (JSON.parse(String(p.personal_ref)) as ConversationRef) : undefined,
          seenAt: Number(p.seen_at),
        }),
        r,
      );
    for (const p of people) {
      const id = String(p.aad_object_id);
      const [a, b] = await Promise.all([target.people.teamsIds([id]), source.people.teamsIds([id])]);
      if (same([...a], [...b]) && same(await target.people.personalChat(id), await source.people.personalChat(id))) r.verified++;
    }
  });

  // 7. Export links, each pointing at its file copied into the blob container.
  const links = db.prepare('SELECT * FROM export_links ORDER BY token_hash').all() as Raw[];
  await track('export links', links.length, async (r) => {
    for (const l of links) {
      const ref = basename(String(l.path));
      if (existsSync(String(l.path))) await target.files.restore(ref, String(l.path));
      const link = {
        tokenHash: String(l.token_hash),
        path: ref,
        filename: String(l.filename),
        owner: String(l.owner),
        expiresAt: Number(l.expires_at),
      };
      const known = await target.exportLinks.get(link.tokenHash);
      if (same(known, link)) r.same++;
      else if (!known) {
        await target.exportLinks.put(link);
        r.created++;
      } else r.same++; // a token hash is unique: one already there is this link
      if (same(await target.exportLinks.get(link.tokenHash), link) && (!existsSync(String(l.path)) || (await target.files.exists(ref))))
        r.verified++;
    }
  });

  // 8. Snapshots still live (expired ones would only be purged).
  const snaps = db.prepare('SELECT kind, key, value, at, expires_at FROM snapshots ORDER BY kind, key').all() as Raw[];
  await track('snapshots', snaps.length, async (r) => {
    for (const s of snaps) {
      if (Number(s.expires_at) <= now) {
        r.skipped++;
        continue;
      }
      const kind = String(s.kind) as SnapshotKind;
      const want = { value: JSON.parse(String(s.value)) as unknown, at: Number(s.at) };
      const known = await target.snapshots.get(kind, String(s.key), now);
      if (same(known, want)) r.same++;
      else {
        await target.snapshots.put(kind, [{ key: String(s.key), value: want.value, at: want.at, expiresAt: Number(s.expires_at) }]);
        r[known ? 'updated' : 'created']++;
      }
      if (same(await target.snapshots.get(kind, String(s.key), now), want)) r.verified++;
    }
  });
  // 9. Notify campaigns with their recipients (what the outbox sent them is in the outbox, copied above).
  const campaignIds = db.prepare('SELECT id FROM notify_campaigns ORDER BY created_at, id').all() as Raw[];
  await track('notify campaigns', campaignIds.length, async (r) => {
    for (const { id } of campaignIds) {
      const campaign = (await source.campaigns.get(String(id)))!;
      const recipients: Recipient[] = [];
      for (let page = await source.campaigns.recipients(campaign.id, { limit: 1000 }); page.length;) {
        recipients.push(...page);
        page = await source.campaigns.recipients(campaign.id, { after: page[page.length - 1].id, limit: 1000 });
      }
      // Versions only count changes, so they are compared apart from the content.
      const content = (c: Campaign | undefined) => c && { ...c, version: 0 };
      const known = await target.campaigns.get(campaign.id);
      if (!known) count((await target.campaigns.create(campaign, recipients)) ? 'created' : 'same', r);
      else if (same(content(known), content(campaign))) r.same++;
      else if (await target.campaigns.update({ ...campaign, version: known.version + 1 })) r.updated++;
      const copied = await target.campaigns.get(campaign.id);
      const copiedRecipients = await target.campaigns.recipients(campaign.id, { limit: recipients.length + 1 });
      if (same(content(copied), content(campaign)) && same(copiedRecipients, recipients)) r.verified++;
    }
  });
  return reports;
}
