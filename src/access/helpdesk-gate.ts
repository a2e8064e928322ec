import type { Directory } from '../ports/directory';
import type { Logger } from '../logger';
import type { Requester } from '../core/turn';

const FRESH_MS = 10 * 60_000;
/** During a Graph outage a member confirmed within this window keeps access; strangers never gain it. */
const STALE_OK_MS = 24 * 60 * 60_000;

/** Decides whether a requester may use helpdesk commands: transitive member of HELPDESK_GROUP_ID. */
export class HelpdeskGate {
  private readonly confirmed = new Map<string, { member: boolean; at: number }>();

  constructor(
    private readonly groupId: string | undefined,
    private readonly directory: Directory,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get open(): boolean {
    return !this.groupId;
  }

  async allows(requester: Requester): Promise<boolean> {
    if (!this.groupId) return true;
    const id = requester.aadObjectId;
    if (!id) return false;
    const cached = this.confirmed.get(id);
    if (cached && this.now() - cached.at < FRESH_MS) return cached.member;
    try {
      const hits = await this.directory.checkMemberGroups(id, [this.groupId]);
      const member = hits.some((g) => g.toLowerCase() === this.groupId!.toLowerCase());
      this.confirmed.set(id, { member, at: this.now() });
      return member;
    } catch (e) {
      if (cached?.member && this.now() - cached.at < STALE_OK_MS) {
        this.logger.warn({ requester: id }, 'helpdesk check failed; using the membership confirmed earlier');
        return true;
      }
      throw e;
    }
  }
}
