import type { ConversationKind } from '../core/turn';
import type { HealthIssue, SubscriptionTarget } from '../domain/health-types';
import type { IssueProgress } from '../domain/outage-diff';
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

/** Where one conversation stands on one issue: the card it got, its thread, what it has been told. */
export interface Delivery {
  issueId: string;
  subscriptionKey: string;
  rootActivityId?: string;
  threadRef?: ConversationRef;
  /** Undefined until the first card went out. */
  progress?: IssueProgress;
  /** lastModifiedDateTime of the issue the card currently shows. */
  cardVersion?: string;
  /** Set before a send that has not been confirmed yet; found set after a crash means "maybe sent". */
  pending?: string;
  failures: number;
  /** After a failure: not before this instant (epoch ms); 0 when due. */
  retryAt?: number;
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
   * deliveries, is deleted when none is left.
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
  /** Issues last seen changed at or after the cutoff, oldest change first (the poller delivers from these). */
  issuesChangedSince(iso: string): Promise<HealthIssue[]>;
  /** Unresolved issues as last seen by the poller, most recently changed first: cheap incident awareness for other commands. */
  openIssues(): Promise<HealthIssue[]>;
}

export interface DeliveryStore {
  /** Every delivery of one issue, by subscription key. */
  forIssue(issueId: string): Promise<Map<string, Delivery>>;
  /**
   * Takes the right to deliver one issue to one conversation until `until`, unless another holder has it
   * (a claim ends at `until`; the same holder may claim again at any time). Returns the delivery as stored
   * (a fresh one if none), or undefined when someone else holds it.
   */
  claim(issueId: string, key: string, holder: string, until: number, now: number): Promise<Delivery | undefined>;
  /**
   * Records progress (and clears `pending` unless given, and `retryAt` when failures is 0); keeps the claim.
   * Ignored unless `holder` holds the claim.
   */
  save(d: Delivery, holder: string): Promise<void>;
  /** Ends the claim if `holder` has it; does nothing otherwise. */
  release(issueId: string, key: string, holder: string): Promise<void>;
}

export interface HealthStore {
  readonly subscriptions: SubscriptionStore;
  readonly issues: IssueStateStore;
  readonly deliveries: DeliveryStore;
}
