import type { Reply } from '../core/reply';
import type { NewOutboxItem, OutboxCounts, OutboxError, OutboxItem, OutboxResult, OutboxStore } from '../ports/outbox-store';
import type { SendTarget } from './resolve-target';

/** Where a kind sends an item: a target; not reachable at all (dropped as `gone`); or not now (tried again later). */
export type TargetResult = SendTarget | { gone: OutboxError } | { retry: OutboxError; afterMs: number };

/** What a builder asks for: this message; 'cancel' (no longer wanted); 'hold' (pause the lane, keep the item). */
export type BuildResult = Reply | 'cancel' | 'hold';

/**
 * One kind of proactive message. The composition root registers every kind, so delivery/ knows none of the
 * features. A new kind is a builder plus an enqueue call.
 */
export interface OutboxKind {
  /** Renders the message when it is sent, from the state at that moment (so a late message shows the latest). */
  build(item: OutboxItem): Promise<BuildResult>;
  /**
   * Where the item goes, when only the kind can tell at send time (a 1:1 chat that must first be opened through
   * Graph). Called after build, before the send and never in a dry run; the item's own `to` otherwise.
   */
  target?(item: OutboxItem): Promise<TargetResult>;
  /** After Teams accepted it (not in a dry run). */
  onSent?(item: OutboxItem, result: OutboxResult): Promise<void>;
  /**
   * Teams says the recipient can't be reached (bot removed, chat deleted, blocked). 'pause': keep the item and
   * pause its lane until someone resumes it; 'gone' (the default): drop it as not reachable.
   */
  onGone?(item: OutboxItem, error: OutboxError): Promise<'pause' | 'gone'>;
}

export type OutboxKinds = Record<string, OutboxKind>;

/**
 * What became of one item in one attempt. queued: not attempted now (its lane is busy or paused, or someone
 * else holds it); waiting: the item it follows hasn't gone out yet; retrying: failed for now, due again later;
 * paused: its lane is paused with the item kept.
 */
export type SendOutcome = 'sent' | 'dry-run' | 'queued' | 'waiting' | 'retrying' | 'paused' | 'failed' | 'gone' | 'cancelled';

export interface OutboxOutcome {
  item: OutboxItem;
  outcome: SendOutcome;
  error?: OutboxError;
}

/** Pacing buckets for one send: Teams' per-thread windows and the per-tenant limit. */
export interface Pacing {
  thread: string;
  tenant: string;
}

/** What features (and the health report) see of the outbox; only delivery/ touches the store behind it. */
export interface Outbox {
  /** Insert-if-absent, then wake the worker; returns the keys that were new. */
  enqueue(items: NewOutboxItem[]): Promise<string[]>;
  /**
   * Enqueues and sends at once from this instance, for a caller that must say what happened (who was reached).
   * An item that can't go now (its lane is busy, Teams failed for now) stays queued for the worker.
   */
  sendNow(items: NewOutboxItem[]): Promise<Map<string, SendOutcome>>;
  /** Paced like every other send but never stored: only for what must not be kept (a TAP code, a bearer link). */
  direct<T>(pacing: Pacing, send: () => Promise<T>): Promise<T>;
  /** One item as stored: its state, and where it landed once sent. */
  get(key: string): Promise<OutboxItem | undefined>;
  /** How many of a group's items are in each state (every state present, 0 when none): a campaign's progress. */
  counts(group: string): Promise<OutboxCounts>;
  /** Lanes paused because their recipient could not be reached (the bot removed from a conversation). */
  pausedLanes(): Promise<string[]>;
  /** Lets a paused lane's items go again (the bot is back), and wakes the worker. */
  resumeLane(lane: string): Promise<void>;
  /** Depth and age of what is still to go (paused lanes apart): /healthz and the telemetry gauges. */
  backlog(): ReturnType<OutboxStore['backlog']>;
}

export const sentOrDryRun = (o: SendOutcome | undefined) => o === 'sent' || o === 'dry-run';
