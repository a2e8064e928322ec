import type { Database } from 'better-sqlite3';
import type { ConversationRef } from '../../ports/notifier';
import type { PeopleStore } from '../../ports/people-store';

export class SqlitePeopleStore implements PeopleStore {
  constructor(private readonly db: Database) {}

  async remember(p: { aadObjectId: string; teamsId?: string; personalChat?: ConversationRef; at: number }): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO people (aad_object_id, teams_id, personal_ref, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(aad_object_id) DO UPDATE SET teams_id = COALESCE(excluded.teams_id, people.teams_id), seen_at = excluded.seen_at,
           personal_ref = COALESCE(excluded.personal_ref, people.personal_ref)`,
      )
      .run(p.aadObjectId.toLowerCase(), p.teamsId ?? null, p.personalChat ? JSON.stringify(p.personalChat) : null, p.at);
  }

  async teamsIds(aadObjectIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (aadObjectIds.length === 0) return out;
    const ids = aadObjectIds.map((i) => i.toLowerCase());
    const rows = this.db
      .prepare(
        `SELECT aad_object_id, teams_id FROM people WHERE teams_id IS NOT NULL AND aad_object_id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as Array<{ aad_object_id: string; teams_id: string }>;
    for (const r of rows) out.set(r.aad_object_id, r.teams_id);
    return out;
  }

  async personalChat(aadObjectId: string): Promise<ConversationRef | undefined> {
    const row = this.db.prepare('SELECT personal_ref FROM people WHERE aad_object_id = ?').get(aadObjectId.toLowerCase()) as
      { personal_ref: string | null } | undefined;
    return row?.personal_ref ? (JSON.parse(row.personal_ref) as ConversationRef) : undefined;
  }

  async knownPersonalChats(aadObjectIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const ids = [...new Set(aadObjectIds.map((i) => i.toLowerCase()))];
    // Chunks well under SQLite's limit on bound parameters.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT aad_object_id FROM people WHERE personal_ref IS NOT NULL AND aad_object_id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Array<{ aad_object_id: string }>;
      for (const r of rows) out.add(r.aad_object_id);
    }
    return out;
  }

  async forgetPersonalChat(aadObjectId: string): Promise<void> {
    this.db.prepare('UPDATE people SET personal_ref = NULL WHERE aad_object_id = ?').run(aadObjectId.toLowerCase());
  }
}
