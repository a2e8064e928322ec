import type { ConversationRef } from '../../ports/notifier';
import type { PeopleStore } from '../../ports/people-store';

/** Keyed on the lower-cased Entra object id, as Teams and Graph disagree on case. */
export class MemoryPeopleStore implements PeopleStore {
  private readonly people = new Map<string, { teamsId?: string; personalChat?: ConversationRef }>();

  async remember(p: { aadObjectId: string; teamsId?: string; personalChat?: ConversationRef; at: number }): Promise<void> {
    const id = p.aadObjectId.toLowerCase();
    const known = this.people.get(id);
    this.people.set(id, {
      teamsId: p.teamsId ?? known?.teamsId,
      personalChat: p.personalChat ? structuredClone(p.personalChat) : known?.personalChat,
    });
  }

  async teamsIds(aadObjectIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of aadObjectIds.map((i) => i.toLowerCase())) {
      const teamsId = this.people.get(id)?.teamsId;
      if (teamsId) out.set(id, teamsId);
    }
    return out;
  }

  async personalChat(aadObjectId: string): Promise<ConversationRef | undefined> {
    const chat = this.people.get(aadObjectId.toLowerCase())?.personalChat;
    return chat ? structuredClone(chat) : undefined;
  }

  async knownPersonalChats(aadObjectIds: string[]): Promise<Set<string>> {
    return new Set(aadObjectIds.map((i) => i.toLowerCase()).filter((id) => this.people.get(id)?.personalChat));
  }

  async forgetPersonalChat(aadObjectId: string): Promise<void> {
    const known = this.people.get(aadObjectId.toLowerCase());
    if (known) known.personalChat = undefined;
  }
}
