import type { Directory } from '../ports/directory';
import type { Logger } from '../logger';
import type { Requester } from '../core/turn';
import type { SnapshotStore } from '../ports/snapshot-store';

/** A confirmation this recent is trusted without asking Graph again. */
const FRESH_MS = 10 * 60_000;

export interface HelpdeskGateOptions {
  groupId: string | undefined;
  directory: Directory;
  logger: Logger;
  now: () => number;
  /** Confirmed members are kept here, so a restart in the middle of an outage doesn't lock the helpdesk out. */
  snapshots?: SnapshotStore;
  /** While Graph fails, a member confirmed within this long keeps access (HELPDESK_GRACE_HOURS); strangers never gain it. */
  graceMs: number;
  /** True while the directory's circuit is open: then asking Graph would only fail, so nobody waits on it. */
  directoryDown?: () => boolean;
}

/** Decides whether a requester may use helpdesk commands: transitive member of HELPDESK_GROUP_ID. */
export class HelpdeskGate {
  private readonly confirmed = new Map<string, { member: boolean; at: number }>();

  constructor(private readonly o: HelpdeskGateOptions) {}

  get open(): boolean {
    return !this.o.groupId;
  }

  /**
   * `localOnly`: the command reads only the bot's own data (history, subscriptions), so a member confirmed
   * within the grace period is let in without asking Graph at all.
   */
  async allows(requester: Requester, opts: { localOnly?: boolean } = {}): Promise<boolean> {
    const groupId = this.o.groupId;
    if (!groupId) return true;
    const id = requester.aadObjectId?.toLowerCase();
    if (!id) return false;
    const now = this.o.now();
    const cached = this.confirmed.get(id) ?? (await this.kept(id));
    if (cached && now - cached.at < FRESH_MS) return cached.member;
    const inGrace = cached?.member === true && now - cached.at < this.o.graceMs;
    if (inGrace && (opts.localOnly || this.o.directoryDown?.())) return true;
    try {
      const hits = await this.o.directory.checkMemberGroups(id, [groupId]);
      const member = hits.some((g) => g.toLowerCase() === groupId.toLowerCase());
      this.confirmed.set(id, { member, at: now });
      await this.keep(id, member, now);
      return member;
    } catch (e) {
      if (inGrace) {
        this.o.logger.warn({ requester: id }, 'helpdesk check failed; using the membership confirmed earlier');
        return true;
      }
      throw e;
    }
  }

  private async kept(id: string): Promise<{ member: boolean; at: number } | undefined> {
    const k = await this.o.snapshots?.get<{ member: boolean }>('helpdesk', id, this.o.now()).catch(() => undefined);
    if (!k) return undefined;
    const found = { member: k.value.member, at: k.at };
    this.confirmed.set(id, found);
    return found;
  }

  /** Only members are kept (a refusal is cheap to repeat), for the grace period. */
  private async keep(id: string, member: boolean, at: number): Promise<void> {
    if (!member || !this.o.snapshots) return;
    await this.o.snapshots
      .put('helpdesk', [{ key: id, value: { member }, at, expiresAt: at + this.o.graceMs }])
      .catch((err: unknown) => this.o.logger.warn({ err }, 'could not keep the helpdesk confirmation'));
  }
}
