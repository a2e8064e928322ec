import { GraphFailure } from '../../../src/domain/errors';
import { describeFailure } from '../../../src/graph/graph-gateway';
import type { TeamsApps } from '../../../src/ports/teams-apps';

/** The TeamsApps port in memory: installs remembered per user, and users Graph refuses to install for. */
export class FakeTeamsApps implements TeamsApps {
  /** Lower-cased user id → chat id, once installed. */
  readonly installed = new Map<string, string>();
  /** Every openPersonalChat call, in order. */
  readonly calls: Array<{ userId: string; catalogAppId: string }> = [];
  private readonly refused = new Map<string, number | undefined>();

  /** Graph answers `status` for this user from now on (undefined: no answer). */
  refuse(userId: string, status: number | undefined): void {
    this.refused.set(userId.toLowerCase(), status);
  }

  async openPersonalChat(userId: string, catalogAppId: string): Promise<string> {
    this.calls.push({ userId, catalogAppId });
    const id = userId.toLowerCase();
    if (this.refused.has(id)) {
      const status = this.refused.get(id);
      const part = 'the installation of the bot for a recipient';
      const [code, sentence] = describeFailure(status, part);
      throw new GraphFailure(code, part, status, undefined, sentence);
    }
    const chat = this.installed.get(id) ?? `19:${id}_fake-bot@unq.gbl.spaces`;
    this.installed.set(id, chat);
    return chat;
  }
}
