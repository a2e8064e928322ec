import type { ConversationRef } from './notifier';

/**
 * queued → sending → sent; or failed (permanent: retrying can't help), gone (the recipient can't be reached),
 * cancelled (no longer wanted when its turn came: unsubscribed, request decided), dry-run (DELIVERY_DRY_RUN).
 */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'gone' | 'cancelled' | 'dry-run';

/** Where an item goes. `after` points at an earlier item and is resolved from its result when this one is sent. */
export type OutboxTarget =
  | { kind: 'conversation'; ref: ConversationRef }
  | { kind: 'newThread'; ref: ConversationRef; channelId: string }
  | { kind: 'user'; aadObjectId: string; tenantId: string; serviceUrl: string }
  | { kind: 'update'; ref: ConversationRef; activityId: string }
  | { kind: 'after'; after: string; as: 'reply' | 'update' };

/** Where a sent item landed: a thread's reference, a 1:1 chat's, and the activity id to update later. */
export interface OutboxResult {
  activityId: string;
  ref: ConversationRef;
}

/** Only what Teams answered: never a message body (it can carry what it refused). */
export interface OutboxError {
  status?: number;
  code?: string;
}

export interface NewOutboxItem {
  /** Stable idempotency key: enqueueing a key that exists does nothing. */
  key: string;
  /** Names the payload builder. */
  kind: string;
  /** Items of one lane go out one at a time, in enqueue order. */
  lane: string;
  /** Pacing bucket (Teams' per-tenant limit). */
  tenant: string;
  to: OutboxTarget;
  /** Small reference data for the builder (ids, flags), plain JSON. Never a secret: it is stored. */
  payload: Record<string, unknown>;
  /** Items counted together (a campaign, an incident, a TAP request). */
  group?: string;
  /** Not before this instant (epoch ms); now when omitted. */
  notBefore?: number;
}

export interface OutboxItem extends NewOutboxItem {
  state: OutboxState;
  /** Sends begun (markSending), the crash-recovered one included. */
  attempts: number;
  notBefore: number;
  createdAt: number;
  result?: OutboxResult;
  error?: OutboxError;
  claim?: { holder: string; until: number };
}

export type OutboxCounts = Record<OutboxState, number>;

/**
 * The delivery outbox. Built from point reads, insert-if-absent and compare-and-set on one item, plus a
 * "due" query over lane heads, so a backend without SQL (Azure Table Storage) can serve it. A claim ends at
 * its `until`; the same holder may claim again at any time. Methods taking a `holder` do nothing (and answer
 * false) unless that holder has the claim.
 */
export interface OutboxStore {
  /**
   * Inserts the items whose key is not stored yet (in the order given, after everything already queued) and
   * returns their keys. With `claim`, the new items start claimed by that holder (for sending them at once).
   */
  enqueue(items: NewOutboxItem[], now: number, claim?: { holder: string; until: number }): Promise<string[]>;
  get(key: string): Promise<OutboxItem | undefined>;
  /**
   * The head of each lane, oldest first by notBefore, at most `limit`: a lane's head is its earliest item still
   * queued or sending. Only heads that are due (notBefore <= now), not claimed (or whose claim has ended: a
   * `sending` one is then a crash to recover) and in a lane that is not paused.
   */
  due(now: number, limit: number): Promise<OutboxItem[]>;
  /** Takes a due, unpaused lane head for `holder` until `until` (compare-and-set); the item as claimed, or undefined. */
  claim(key: string, holder: string, until: number, now: number): Promise<OutboxItem | undefined>;
  /** The durable "this may reach Teams now" note, written right before the send; counts an attempt. */
  markSending(key: string, holder: string, now: number): Promise<boolean>;
  /** Done: records where it landed and ends the claim. */
  complete(key: string, holder: string, state: 'sent' | 'dry-run', result: OutboxResult, now: number): Promise<boolean>;
  /** Back to queued until `notBefore`, with what went wrong (if anything); ends the claim. */
  retryLater(key: string, holder: string, notBefore: number, error: OutboxError | undefined, now: number): Promise<boolean>;
  /** Finished without being sent; ends the claim. */
  fail(key: string, holder: string, state: 'failed' | 'gone' | 'cancelled', error: OutboxError | undefined, now: number): Promise<boolean>;
  /** Ends the claim and changes nothing else. */
  release(key: string, holder: string): Promise<void>;
  /** A paused lane keeps its items but has no due head until it is resumed. */
  pauseLane(lane: string, now: number): Promise<void>;
  resumeLane(lane: string): Promise<void>;
  pausedLanes(): Promise<string[]>;
  /** How many of a group's items are in each state (every state present, 0 when none). */
  counts(group: string): Promise<OutboxCounts>;
  /** Items still to go (queued or sending) outside paused lanes, the oldest one's createdAt, and those held in paused lanes. */
  backlog(): Promise<{ queued: number; oldestQueuedAt?: number; paused: number }>;
}

export const OUTBOX_STATES: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'gone', 'cancelled', 'dry-run'];
