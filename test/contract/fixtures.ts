import type { Campaign, Recipient } from '../../src/domain/campaign';
import type { HealthIssue, SubscriptionTarget } from '../../src/domain/health-types';
import type { TapAuditEntry, TapCardRef, TapRequest } from '../../src/domain/tap-request';
import type { ExportLink } from '../../src/ports/export-link-store';
import type { HealthSubscription } from '../../src/ports/health-store';
import type { ConversationRef } from '../../src/ports/notifier';
import type { NewOutboxItem } from '../../src/ports/outbox-store';

// Small, plain values: every builder takes overrides, so a test states only what it is about.

let seq = 0;
/** Unique per call, so tests that share a store never collide by accident. */
export const uniqueId = (prefix: string): string => `${prefix}-${++seq}`;

export const conversationRef = (conversationId: string): ConversationRef => ({
  serviceUrl: 'https://smba.test/emea/',
  channelId: 'msteams',
  conversation: { id: conversationId },
  bot: { id: '28:bot', name: 'mfa-bot' },
});

export const tapTarget = (id: string): TapRequest['target'] => ({ id, name: 'Alex Wilber', upn: 'alexw@contoso.test', mfa: 'none' });

export function tapRequest(overrides: Partial<TapRequest> = {}): TapRequest {
  return {
    id: uniqueId('req'),
    tenantId: 'tenant-1',
    target: tapTarget(uniqueId('target')),
    requester: { id: 'requester-1', name: 'Megan Bowen', upn: 'meganb@contoso.test', teamsId: '29:megan' },
    origin: { ref: conversationRef('a:megan-1on1'), kind: 'personal', serviceUrl: 'https://smba.test/emea/' },
    reason: 'lost phone',
    lifetimeMinutes: 60,
    isUsableOnce: true,
    policy: { min: 10, max: 480, default: 60 },
    approvers: [{ id: 'manager-1', name: 'Nestor Wilke', via: 'manager' }],
    status: 'pending',
    createdAt: 1_000,
    expiresAt: 10_000,
    ...overrides,
  };
}

export function auditEntry(overrides: Partial<TapAuditEntry> = {}): TapAuditEntry {
  return {
    requestId: uniqueId('req'),
    at: 1_000,
    event: 'requested',
    actor: { id: 'requester-1', name: 'Megan Bowen' },
    target: { id: 'target-1', upn: 'alexw@contoso.test', name: 'Alex Wilber' },
    reason: 'lost phone',
    lifetimeMinutes: 60,
    ...overrides,
  };
}

export function tapCard(requestId: string, overrides: Partial<TapCardRef> = {}): TapCardRef {
  return {
    requestId,
    role: 'approver',
    approverId: 'manager-1',
    actionable: true,
    mentioned: [],
    ref: conversationRef('a:nestor-1on1'),
    activityId: uniqueId('activity'),
    ...overrides,
  };
}

export type SubscriptionInput = Omit<HealthSubscription, 'targets' | 'active'>;

/** A group chat by default; channels and teams only where a test needs them. */
export function subscription(key: string, overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    key,
    kind: 'groupChat',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.test/emea/',
    conversationId: key,
    reference: conversationRef(key),
    createdBy: 'admin-1',
    ...overrides,
  };
}

export const IDENTITY: SubscriptionTarget = { kind: 'identity' };
export const ALL: SubscriptionTarget = { kind: 'all' };
export const service = (serviceId: string, name: string): SubscriptionTarget => ({ kind: 'service', serviceId, service: name });
export const EXCHANGE = service('Exchange', 'Exchange Online');
export const TEAMS = service('MicrosoftTeams', 'Microsoft Teams');

/** ISO instants a minute apart, in the one format the poller stores, so they compare as strings. */
export const minute = (n: number): string => new Date(Date.UTC(2025, 2, 1, 8, n)).toISOString();

export function healthIssue(overrides: Partial<HealthIssue> = {}): HealthIssue {
  return {
    id: uniqueId('EX'),
    title: 'Users may be unable to sign in',
    service: 'Microsoft Entra',
    feature: 'Sign-in',
    featureGroup: 'Authentication',
    classification: 'incident',
    status: 'investigating',
    impactDescription: 'Users may see repeated MFA prompts.',
    isResolved: false,
    startDateTime: minute(0),
    endDateTime: null,
    lastModifiedDateTime: minute(0),
    posts: [{ createdDateTime: minute(0), html: '<p>We are investigating.</p>' }],
    ...overrides,
  };
}

export function exportLink(overrides: Partial<ExportLink> = {}): ExportLink {
  return {
    tokenHash: uniqueId('hash'),
    path: '/var/exports/audit-1.csv',
    filename: 'tap-audit.csv',
    owner: 'helpdesk-1',
    expiresAt: 10_000,
    ...overrides,
  };
}

export function outboxItem(overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  return {
    key: uniqueId('item'),
    kind: 'test.message',
    lane: 'lane-a',
    tenant: 'tenant-1',
    to: { kind: 'conversation', ref: conversationRef('19:general') },
    payload: { id: 'thing-1', flag: true },
    group: 'campaign-1',
    ...overrides,
  };
}

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: uniqueId('camp'),
    version: 1,
    kind: 'notice',
    audience: 'people',
    cohort: 'at-risk',
    message: 'Hi {name}, MFA setup is down; call us.',
    requester: { id: 'requester-1', name: 'Megan Bowen', teamsId: '29:megan' },
    origin: {
      ref: conversationRef('19:helpdesk@thread.tacv2;messageid=1'),
      kind: 'channel',
      conversationId: '19:helpdesk@thread.tacv2;messageid=1',
    },
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.test/emea/',
    incident: { id: 'EN900123', title: 'Some users see repeated MFA prompts' },
    recipientCount: 2,
    knownChats: 1,
    sample: ['Alex Wilber', 'Diego Siciliani'],
    needsSecond: false,
    status: 'awaiting',
    createdAt: 1_000,
    expiresAt: 1_801_000,
    ...overrides,
  };
}

export const recipient = (id: string, name = `Person ${id}`, reports?: string[]): Recipient =>
  reports ? { id, name, reports } : { id, name };
