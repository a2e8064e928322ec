import type { ConversationKind } from '../core/turn';
import type { HealthIssue, SubscriptionTarget } from '../domain/health-types';
import type { IssueProgress } from '../domain/health-types';
import type { ConversationRef } from './notifier';

/**
 * One conversation that follows service health. Keyed on the channel id for channels (a channel message's
 * conversation id is its thread), on the conversation id for chats.
 */
export interface HealthSubscription {
  key: string;
  kind: ConversationKind;
  targets: SubscriptionTarget[];
  tenantId?: string;
  serviceUrl: string;
  conversationId: string;
  teamId?: string;
  channelId?: string;
  reference: ConversationRef;
  active: boolean;
  inactiveReason?: string;
  createdBy?: string;
}

/**
 * What the poller has handed to the outbox for one conversation on one issue: the outbox does the sending
 * and keeps what was sent. Written after the items are enqueued; enqueueing is idempotent, so a crash in
 * between only enqueues the same keys again.
 */
export interface EnqueuedProgress {
  issueId: string;
  subscriptionKey: string;
  /**
   * Part of every item key, fixed when the record begins: a conversation that unsubscribes and subscribes
   * again starts a new series (its record went with the subscription), so it gets the card again.
   */
  series: string;
  /** What the enqueued items tell; undefined until the first card is enqueued. */
  progress?: IssueProgress;
  /** lastModifiedDateTime of the issue the latest enqueued card (or card update) shows. */
  cardVersion?: string;
}

export interface SubscriptionStore {
  /**
   * Adds a target for the conversation (creating or refreshing the subscription and its reference, but not
   * its kind or createdBy); reactivates it. Adding `all` replaces every other target, and nothing is added
   * next to `all`. Returns the subscription as stored.
   */
  addTarget(sub: Omit<HealthSubscription, 'targets' | 'active'>, target: SubscriptionTarget, now: number): Promise<HealthSubscription>;
  /**
   * Removes one target, or all when omitted, and returns how many went. The subscription, with its
   * enqueued-progress records, is deleted when none is left.
   */
  removeTargets(key: string, target?: SubscriptionTarget): Promise<number>;
  get(key: string): Promise<HealthSubscription | undefined>;
  /** Oldest subscription first (refreshing one does not move it), then by key. */
  listActive(): Promise<HealthSubscription[]>;
  /**
   * Turns subscriptions on or off by key, or all of a team's (bot removed from / re-added to a team): a
   * subscription matches when any one of the given fields does. `reason` is kept only when turning off.
   * Returns how many subscriptions actually changed.
   */
  setActive(
    match: { key?: string; teamId?: string; conversationId?: string },
    active: boolean,
    reason: string | undefined,
    now: number,
  ): Promise<number>;
}

export interface IssueStateStore {
  /** Poll cursor: the newest lastModifiedDateTime seen. */
  watermark(): Promise<string | undefined>;
  /**
   * Saves the issues as last seen and moves the watermark, in one transaction. An issue is only overwritten
   * by a version at least as new (lastModifiedDateTime), and the watermark only moves forward.
   */
  saveIssues(issues: HealthIssue[], watermark: string | undefined, now: number): Promise<void>;
  /** One issue as last seen. */
  get(id: string): Promise<HealthIssue | undefined>;
  /** Issues last seen changed at or after the cutoff, oldest change first (the poller delivers from these). */
  issuesChangedSince(iso: string): Promise<HealthIssue[]>;
  /** Unresolved issues as last seen by the poller, most recently changed first: cheap incident awareness for other commands. */
  openIssues(): Promise<HealthIssue[]>;
}

export interface ProgressStore {
  /** Every record of one issue, by subscription key. */
  forIssue(issueId: string): Promise<Map<string, EnqueuedProgress>>;
  /** Starts the record for one issue and conversation unless there is one (insert-if-absent); returns the one stored. */
  begin(issueId: string, subscriptionKey: string, series: string): Promise<EnqueuedProgress>;
  /** Records what has been enqueued; the series stays as begun, and a record not begun (or gone with its subscription) is ignored. */
  save(records: EnqueuedProgress[]): Promise<void>;
}

export interface HealthStore {
  readonly subscriptions: SubscriptionStore;
  readonly issues: IssueStateStore;
  readonly progress: ProgressStore;
}
