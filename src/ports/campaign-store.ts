import type { Campaign, Recipient } from '../domain/campaign';

/**
 * Notify campaigns and their recipients. The outbox holds what was sent to whom; this holds what was asked,
 * who confirmed it, and who it is for. Recipient ids are lower-cased Entra object ids, compared as given.
 */
export interface CampaignStore {
  /**
   * Stores a new campaign with all its recipients; false (and nothing written) when the id is taken. A backend
   * that can't write both at once writes the recipients first, so a campaign that can be read has all of them.
   */
  create(campaign: Campaign, recipients: Recipient[]): Promise<boolean>;
  get(id: string): Promise<Campaign | undefined>;
  /**
   * Compare-and-set: stores `next` only if the stored campaign is at version `next.version - 1`. Exactly one of
   * several concurrent callers (in one process or several sharing the store) gets true.
   */
  update(next: Campaign): Promise<boolean>;
  /** Recipients in id order, after `after` (exclusive) when given, at most `limit`. */
  recipients(campaignId: string, page: { after?: string; limit: number }): Promise<Recipient[]>;
  recipient(campaignId: string, recipientId: string): Promise<Recipient | undefined>;
  /** Campaigns still being worked on (awaiting, sending or sent), oldest first, at most `limit`. */
  open(limit: number): Promise<Campaign[]>;
  /** The most recently created campaigns, newest first, at most `limit`. */
  recent(limit: number): Promise<Campaign[]>;
}
