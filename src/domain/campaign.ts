import type { CohortName } from './enrolment-tally';

export type { CohortName };
/** The outbox group of a campaign's notices: its progress is that group's counts. */
export const noticeGroup = (campaignId: string) => `notify:${campaignId}`;

export const COHORTS: CohortName[] = ['at-risk', 'unregistered', 'new-hires'];

/** people: one notice per cohort member; managers: one digest per manager, naming their reports in the cohort. */
export type Audience = 'people' | 'managers';

/**
 * awaiting: the confirmation card is out, nothing is sent. sending: confirmed, notices queued in the outbox.
 * sent: every notice has an outcome, and the incident it was sent during is watched for the all-clear.
 * finished: nothing more to do. cancelled / expired: never confirmed, nothing was sent.
 */
export type CampaignStatus = 'awaiting' | 'sending' | 'sent' | 'finished' | 'cancelled' | 'expired';
export const OPEN_CAMPAIGN_STATUSES: CampaignStatus[] = ['awaiting', 'sending', 'sent'];

export interface CampaignPerson {
  /** Entra object id. */
  id: string;
  name: string;
}

export interface Campaign {
  /** Short and random; part of every outbox key of the campaign. */
  id: string;
  /** Compare-and-set counter: each stored change is the next version. */
  version: number;
  /** A notice, or the all-clear that follows one when its incident resolves. */
  kind: 'notice' | 'allClear';
  audience: Audience;
  cohort: CohortName;
  /** As the requester typed it (placeholders unfilled); validated by checkMessage. */
  message: string;
  requester: CampaignPerson & { teamsId: string };
  /** Where it was asked: the confirmation card goes there, and second approvers find it there. */
  origin: { ref: Record<string, unknown>; kind: 'personal' | 'groupChat' | 'channel'; conversationId: string };
  tenantId: string;
  /** The tenant's Bot Connector endpoint, seen on the requester's message: chats opened for recipients use it. */
  serviceUrl: string;
  /** The identity incident active when it was asked: {incident} names it, and its resolution offers the all-clear. */
  incident?: { id: string; title: string };
  recipientCount: number;
  /** Recipients the bot already had a 1:1 chat with when it was asked; the others need the app installed. */
  knownChats: number;
  /** Up to five recipients' names, for the cards. */
  sample: string[];
  /** Managers only: the first sample manager's reports, so the card can show their digest as it will read. */
  sampleReports?: string[];
  /** Managers only: cohort members counted, and those without a manager in the directory (no digest names them). */
  members?: number;
  withoutManager?: number;
  /** More recipients than NOTIFY_SECOND_APPROVAL_OVER: a second helpdesk member must confirm too. */
  needsSecond: boolean;
  /** When the requester pressed Send (still waiting for the second confirmation, if one is needed). */
  sendPressedAt?: number;
  second?: CampaignPerson & { at: number };
  status: CampaignStatus;
  createdAt: number;
  /** Unconfirmed at this instant, it expires. */
  expiresAt: number;
  confirmedAt?: number;
  /** Every notice is in the outbox (enqueueing is idempotent; a crash midway is finished by the worker). */
  enqueued?: boolean;
  closedAt?: number;
  closedBy?: CampaignPerson;
  /** All-clear: the notice campaign it follows. */
  parentId?: string;
  /** Notice: the all-clear offered when its incident resolved. */
  allClearId?: string;
}

/** One addressee: a cohort member, or a manager with the names of their reports in the cohort. */
export interface Recipient {
  /** Lower-cased Entra object id. */
  id: string;
  name: string;
  reports?: string[];
}

/** Unconfirmed campaigns expire this long after they were asked. */
export const CONFIRM_MINUTES = 30;
/** A sent campaign watches its incident this long for the all-clear, then gives up. */
export const WATCH_MS = 7 * 24 * 3_600_000;

export type CampaignRefusal = 'not-requester' | 'requester-is-second' | 'already-second' | 'expired' | 'closed';

export type Decision = { ok: true; next: Campaign; starts: boolean } | { ok: false; why: CampaignRefusal };

const same = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();
const bump = (c: Campaign, change: Partial<Campaign>): Campaign => ({ ...c, ...change, version: c.version + 1 });

export function isLapsed(c: Campaign, now: number): boolean {
  return c.status === 'awaiting' && c.expiresAt <= now;
}

function closedOr(c: Campaign, now: number): CampaignRefusal | undefined {
  if (c.status === 'expired' || isLapsed(c, now)) return 'expired';
  if (c.status !== 'awaiting') return 'closed';
  return undefined;
}

/** Send: only the requester. With a second confirmation still owed it is noted and the campaign waits for it. */
export function pressSend(c: Campaign, invokerId: string | undefined, now: number): Decision {
  const closed = closedOr(c, now);
  if (closed) return { ok: false, why: closed };
  if (!same(invokerId, c.requester.id)) return { ok: false, why: 'not-requester' };
  if (c.needsSecond && !c.second) return { ok: true, next: bump(c, { sendPressedAt: now }), starts: false };
  return { ok: true, next: bump(c, { sendPressedAt: now, status: 'sending', confirmedAt: now }), starts: true };
}

/** The second confirmation: any helpdesk member but the requester (the caller checks the helpdesk group). */
export function confirmSecond(c: Campaign, invoker: CampaignPerson, now: number): Decision {
  const closed = closedOr(c, now);
  if (closed) return { ok: false, why: closed };
  if (same(invoker.id, c.requester.id)) return { ok: false, why: 'requester-is-second' };
  if (c.second) return { ok: false, why: 'already-second' };
  const second = { id: invoker.id, name: invoker.name, at: now };
  if (c.sendPressedAt === undefined) return { ok: true, next: bump(c, { second }), starts: false };
  return { ok: true, next: bump(c, { second, status: 'sending', confirmedAt: now }), starts: true };
}

export function cancel(c: Campaign, invoker: CampaignPerson, now: number): Decision {
  const closed = closedOr(c, now);
  if (closed) return { ok: false, why: closed };
  if (!same(invoker.id, c.requester.id)) return { ok: false, why: 'not-requester' };
  return {
    ok: true,
    next: bump(c, { status: 'cancelled', closedAt: now, closedBy: { id: invoker.id, name: invoker.name } }),
    starts: false,
  };
}

/** A changed all-clear text: what was confirmed no longer stands, so Send (and any second confirmation) start over. */
export function editMessage(c: Campaign, invokerId: string | undefined, message: string, now: number): Decision {
  const closed = closedOr(c, now);
  if (closed) return { ok: false, why: closed };
  if (!same(invokerId, c.requester.id)) return { ok: false, why: 'not-requester' };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped, not kept as undefined
  const { sendPressedAt, second, ...rest } = c;
  return { ok: true, next: bump(rest, { message }), starts: false };
}

export function expire(c: Campaign, now: number): Campaign {
  return bump(c, { status: 'expired', closedAt: now });
}

/** Every notice has an outcome: watch the incident for the all-clear, or be done. */
export function deliveryDone(c: Campaign, now: number): Campaign {
  const watches = c.kind === 'notice' && c.incident !== undefined;
  return watches ? bump(c, { status: 'sent' }) : bump(c, { status: 'finished', closedAt: now });
}

export function allClearOffered(c: Campaign, allClearId: string, now: number): Campaign {
  return bump(c, { status: 'finished', allClearId, closedAt: now });
}

export function stopWatching(c: Campaign, now: number): Campaign {
  return bump(c, { status: 'finished', closedAt: now });
}
