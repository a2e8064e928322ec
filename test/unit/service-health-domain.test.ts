import { htmlToText } from '../../src/domain/html-to-text';
import { diffIssue, progressOf } from '../../src/features/incidents/outage-diff';
import { findService, identityMatcher, matchesTarget, targetFromKey, targetKey } from '../../src/domain/identity-services';
import type { HealthIssue } from '../../src/domain/health-types';
import { toIssue } from '../../src/graph/graph-service-health';

const issue = (over: Partial<HealthIssue> = {}): HealthIssue => ({
  id: 'EN1',
  title: 'MFA prompts fail',
  service: 'Microsoft Entra',
  feature: 'Multi-factor authentication',
  featureGroup: 'Authentication',
  classification: 'incident',
  status: 'investigating',
  impactDescription: 'Users may be prompted twice.',
  isResolved: false,
  startDateTime: '2025-03-02T08:10:00Z',
  endDateTime: null,
  lastModifiedDateTime: '2025-03-02T09:40:12.5Z',
  posts: [{ createdDateTime: '2025-03-02T08:30:00Z', html: '<p>first</p>' }],
  ...over,
});

describe('htmlToText', () => {
  it('keeps paragraphs, breaks and lists, decodes entities once, keeps links as text', () => {
    const html =
      '<p>Title: Can&#39;t sign in &amp; register</p><p>Impact:<br>Users &lt;b&gt;may&lt;/b&gt; fail.</p><ul><li>one</li><li>two</li></ul><p>See <a href="https://status.example/x?a=1&amp;b=2">the status page</a>.</p>';
    expect(htmlToText(html)).toBe(
      "Title: Can't sign in & register\n\nImpact:\nUsers <b>may</b> fail.\n\n- one\n- two\n\nSee the status page (https://status.example/x?a=1&b=2).",
    );
  });

  it('drops scripts, styles, comments, event handlers and non-http links', () => {
    const html =
      '<script>alert(1)</script><style>p{}</style><!-- x --><p onclick="evil()">ok <a href="javascript:alert(1)">click</a> <img src=x onerror=alert(1)></p>';
    expect(htmlToText(html)).toBe('ok click');
  });

  it('numeric entities, nbsp, a bare URL link, a stray "<", and long posts cut', () => {
    expect(htmlToText('a&nbsp;&#x41;&#66; <a href="https://x.example">https://x.example</a> 3 < 4')).toBe('a AB https://x.example 3 < 4');
    expect(htmlToText('<p>' + 'x'.repeat(50) + '</p>', 10)).toBe('xxxxxxxxx…');
    expect(htmlToText('&bogus; &#0;')).toBe('&bogus; \uFFFD');
  });
});

describe('diffIssue', () => {
  it('new, new posts, status change, resolution; history is not news', () => {
    expect(diffIssue(undefined, issue())).toEqual([{ kind: 'opened' }]);
    expect(diffIssue(undefined, issue({ isResolved: true }))).toEqual([]);
    const seen = progressOf(issue());
    expect(diffIssue(seen, issue())).toEqual([]);
    const later = issue({
      status: 'RestoringService',
      posts: [...issue().posts, { createdDateTime: 'b', html: '2' }, { createdDateTime: 'c', html: '3' }],
    });
    expect(diffIssue(seen, later)).toEqual([
      { kind: 'newPost', index: 1 },
      { kind: 'newPost', index: 2 },
      { kind: 'statusChanged', from: 'investigating', to: 'RestoringService' },
    ]);
    expect(diffIssue(seen, issue({ status: 'INVESTIGATING' }))).toEqual([]); // enums compared case-insensitively
    expect(diffIssue(seen, issue({ isResolved: true, status: 'serviceRestored' }))).toEqual([
      { kind: 'statusChanged', from: 'investigating', to: 'serviceRestored' },
      { kind: 'resolved' },
    ]);
  });
});

describe('identity services and subscription matching', () => {
  const id = identityMatcher(['Contoso SSO']);
  it('matches the identity service by id and its names, case-insensitively, plus MFA and sign-in features elsewhere', () => {
    expect(id.isIdentityService({ id: 'OrgLiveID', service: 'Whatever' })).toBe(true);
    for (const service of ['Microsoft Entra', 'identity service', 'AZURE ACTIVE DIRECTORY', 'contoso sso'])
      expect(id.isIdentityService({ service })).toBe(true);
    expect(id.isIdentityService({ id: 'Exchange', service: 'Exchange Online' })).toBe(false);
    expect(id.isIdentityIssue({ service: 'Microsoft 365 suite', feature: 'Sign-in', featureGroup: '' })).toBe(true);
    expect(id.isIdentityIssue({ service: 'Microsoft 365 suite', feature: 'MFA', featureGroup: '' })).toBe(true);
    expect(id.isIdentityIssue({ service: 'Exchange Online', feature: 'E-Mail and calendar access', featureGroup: '' })).toBe(false);
  });

  it('identity / all / one service', () => {
    const exchange = issue({ service: 'Exchange Online', feature: 'Mail flow', featureGroup: 'Mail' });
    expect(matchesTarget({ kind: 'identity' }, issue(), id)).toBe(true);
    expect(matchesTarget({ kind: 'identity' }, exchange, id)).toBe(false);
    expect(matchesTarget({ kind: 'all' }, exchange, id)).toBe(true);
    const ex = { kind: 'service' as const, serviceId: 'Exchange', service: 'Exchange Online' };
    expect(matchesTarget(ex, exchange, id)).toBe(true);
    expect(matchesTarget(ex, issue(), id)).toBe(false);
    expect(targetFromKey(targetKey(ex))).toEqual(ex);
  });

  it('finds services by id or name, with or without "Microsoft"', () => {
    const list = [
      { id: 'OrgLiveID', service: 'Microsoft Entra', status: '' },
      { id: 'microsoftteams', service: 'Microsoft Teams', status: '' },
    ];
    expect(findService('entra', list)?.id).toBe('OrgLiveID');
    expect(findService('MICROSOFT TEAMS', list)?.id).toBe('microsoftteams');
    expect(findService('orgliveid', list)?.id).toBe('OrgLiveID');
    expect(findService('Exchange', list)).toBeUndefined();
  });
});

describe('toIssue', () => {
  it('normalises PascalCase enums, null fields, and post order', () => {
    const i = toIssue({
      id: 'X',
      status: 'ServiceRestored',
      classification: 'Incident',
      isResolved: null,
      posts: [
        { createdDateTime: '2025-03-02T09:00:00Z', description: { content: 'b' } },
        { createdDateTime: '2025-03-02T08:00:00Z', description: { content: 'a' } },
      ],
    });
    expect(i).toMatchObject({ status: 'serviceRestored', classification: 'incident', isResolved: false, title: '', endDateTime: null });
    expect(i.posts.map((p) => p.html)).toEqual(['a', 'b']);
  });
});
