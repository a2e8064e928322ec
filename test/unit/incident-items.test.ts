import type { HealthIssue } from '../../src/domain/health-types';
import { progressOf } from '../../src/features/incidents/outage-diff';
import { hasNews, owedItems } from '../../src/features/incidents/incident-items';
import type { EnqueuedProgress, HealthSubscription } from '../../src/ports/health-store';

describe('what a subscribed conversation is owed', () => {
  const issue = (over: Partial<HealthIssue> = {}): HealthIssue => ({
    id: 'EN1',
    title: 'MFA prompts fail',
    service: 'Microsoft Entra',
    feature: 'Multi-factor authentication',
    featureGroup: 'Authentication',
    classification: 'incident',
    status: 'investigating',
    impactDescription: '',
    isResolved: false,
    startDateTime: '2025-03-02T08:10:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2025-03-02T09:00:00Z',
    posts: [{ createdDateTime: '2025-03-02T08:30:00Z', html: '<p>first</p>' }],
    ...over,
  });
  const sub = (over: Partial<HealthSubscription> = {}): HealthSubscription => ({
    key: '19:ops',
    kind: 'channel',
    channelId: '19:ops',
    targets: [{ kind: 'identity' }],
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.test/',
    conversationId: '19:ops',
    reference: { conversation: { id: '19:ops' } },
    active: true,
    ...over,
  });
  const begun: EnqueuedProgress = { issueId: 'EN1', subscriptionKey: '19:ops', series: 's1' };
  const seen = (i: HealthIssue): EnqueuedProgress => ({ ...begun, progress: progressOf(i), cardVersion: i.lastModifiedDateTime });

  it('a new issue: the card as a new thread in a channel, a message in a chat; nothing for one first seen resolved', () => {
    const open = owedItems(issue(), sub(), begun);
    expect(open.items).toEqual([
      {
        key: 'inc:EN1:19:ops:s1:open',
        kind: 'incident.card',
        lane: 'health:19:ops',
        tenant: 'tenant-1',
        group: 'incident:EN1',
        to: { kind: 'newThread', ref: { conversation: { id: '19:ops' } }, channelId: '19:ops' },
        payload: { issueId: 'EN1', subscriptionKey: '19:ops' },
      },
    ]);
    expect(open.next).toEqual(seen(issue()));
    expect(owedItems(issue(), sub({ kind: 'groupChat', channelId: undefined }), begun).items[0].to).toEqual({
      kind: 'conversation',
      ref: { conversation: { id: '19:ops' } },
    });
    expect(hasNews(issue({ isResolved: true }), undefined)).toBe(false);
    expect(hasNews(issue(), undefined)).toBe(true);
  });

  it('new posts: one reply each after the card, status and resolution on the last, then the card updated once', () => {
    const before = issue();
    const now = issue({
      status: 'serviceRestored',
      isResolved: true,
      lastModifiedDateTime: '2025-03-02T10:00:00Z',
      posts: [...before.posts, { createdDateTime: 'a', html: 'second' }, { createdDateTime: 'b', html: 'third' }],
    });
    expect(hasNews(now, seen(before))).toBe(true);
    const { items, next } = owedItems(now, sub(), seen(before));
    expect(items.map((i) => [i.key, i.kind, i.to, i.payload])).toEqual([
      [
        'inc:EN1:19:ops:s1:post:1',
        'incident.reply',
        { kind: 'after', after: 'inc:EN1:19:ops:s1:open', as: 'reply' },
        { issueId: 'EN1', subscriptionKey: '19:ops', postIndex: 1, resolved: false, statusChanged: false },
      ],
      [
        'inc:EN1:19:ops:s1:post:2',
        'incident.reply',
        { kind: 'after', after: 'inc:EN1:19:ops:s1:open', as: 'reply' },
        { issueId: 'EN1', subscriptionKey: '19:ops', postIndex: 2, resolved: true, statusChanged: true },
      ],
      [
        'inc:EN1:19:ops:s1:card:2025-03-02T10:00:00Z',
        'incident.cardUpdate',
        { kind: 'after', after: 'inc:EN1:19:ops:s1:open', as: 'update' },
        { issueId: 'EN1', subscriptionKey: '19:ops', version: '2025-03-02T10:00:00Z' },
      ],
    ]);
    expect(next).toEqual(seen(now));
    expect(hasNews(now, next)).toBe(false);
  });

  it('a status change without a post is one reply keyed by the version; an edit alone only updates the card', () => {
    const before = issue();
    const restoring = issue({ status: 'restoringService', lastModifiedDateTime: '2025-03-02T09:30:00Z' });
    expect(owedItems(restoring, sub(), seen(before)).items.map((i) => i.key)).toEqual([
      'inc:EN1:19:ops:s1:status:2025-03-02T09:30:00Z',
      'inc:EN1:19:ops:s1:card:2025-03-02T09:30:00Z',
    ]);
    const edited = issue({ title: 'retitled', lastModifiedDateTime: '2025-03-02T09:31:00Z' });
    expect(owedItems(edited, sub(), seen(before)).items.map((i) => i.kind)).toEqual(['incident.cardUpdate']);
  });

  it('the same record and issue owe the same keys: working it out again after a crash enqueues nothing new', () => {
    const now = issue({ lastModifiedDateTime: '2025-03-02T10:00:00Z', posts: [...issue().posts, { createdDateTime: 'a', html: 'b' }] });
    expect(owedItems(now, sub(), seen(issue()))).toEqual(owedItems(now, sub(), seen(issue())));
    expect(owedItems(now, sub(), { ...begun, series: 's2' }).items[0].key).toBe('inc:EN1:19:ops:s2:open');
  });
});
