import { renderHealthCard } from '../../src/features/service-health/health-card';
import { renderIncidentCard, renderIncidentUpdateCard } from '../../src/features/incidents/incident-card';
import type { HealthIssue } from '../../src/domain/health-types';
import { cardText } from '../helpers/card-text';
import { cardProblems } from '../helpers/validate-card';

const issue = (over: Partial<HealthIssue> = {}): HealthIssue => ({
  id: 'EN900123',
  title: 'Some users see repeated MFA prompts [*bold*]',
  service: 'Microsoft Entra',
  feature: 'Multi-factor authentication',
  featureGroup: 'Authentication',
  classification: 'incident',
  status: 'serviceDegradation',
  impactDescription: 'Users may be prompted twice.',
  isResolved: false,
  startDateTime: '2025-03-02T08:10:00Z',
  endDateTime: null,
  lastModifiedDateTime: '2025-03-02T09:40:12.5Z',
  posts: [{ createdDateTime: '2025-03-02T08:30:00Z', html: '<p>Title: x<br>User impact: <b>y</b> &amp; z</p>' }],
  ...over,
});

describe('incident and health cards', () => {
  it('the incident card: every field, safe text, the admin center link, valid 1.5', () => {
    const card = renderIncidentCard(issue());
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect((card as any).body[1].text).toBe('Some users see repeated MFA prompts \\[\\*bold\\*\\]'); // markdown neutralised
    expect(text).toContain('Some users see repeated MFA prompts [*bold*]');
    expect(text).toMatch(
      /Status: Degraded[\s\S]*Classification: Incident[\s\S]*Started: 2025-03-02 08:10 UTC[\s\S]*Last update: 2025-03-02 09:40 UTC/,
    );
    expect(text).toContain('Users may be prompted twice.');
    expect(text).toContain('Title: x\nUser impact: y & z');
    expect((card as any).actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open in the Microsoft 365 admin center',
      url: 'https://admin.microsoft.com/AdminPortal/home#/servicehealth/:/alerts/EN900123',
    });
    const resolved = cardText(
      renderIncidentCard(issue({ isResolved: true, status: 'serviceRestored', endDateTime: '2025-03-02T11:00:00Z' })),
    );
    expect(resolved).toMatch(/Resolved: Service restored[\s\S]*Ended: 2025-03-02 11:00 UTC/);
  });

  it('a huge post stays within the card size limit', () => {
    const big = issue({ posts: [{ createdDateTime: '2025-03-02T08:30:00Z', html: `<p>${'word '.repeat(20000)}</p>` }] });
    expect(cardProblems(renderIncidentCard(big))).toEqual([]);
    expect(cardProblems(renderIncidentUpdateCard(big, { postIndex: 0, resolved: false, statusChanged: false }))).toEqual([]);
  });

  it('update replies say what changed', () => {
    const i = issue({ isResolved: true, status: 'serviceRestored' });
    expect(cardText(renderIncidentUpdateCard(i, { resolved: true, statusChanged: true }))).toMatch(
      /EN900123 resolved: Service restored\nMicrosoft marked this incident resolved\./,
    );
    expect(cardText(renderIncidentUpdateCard(issue(), { postIndex: 0, resolved: false, statusChanged: false }))).toMatch(
      /^EN900123 update from Microsoft\nTitle: x/,
    );
  });

  it('the health card lists identity services, active issues and the recently resolved; valid with many issues', () => {
    const many = Array.from({ length: 20 }, (_, n) => issue({ id: `EN${n}` }));
    const card = renderHealthCard({
      identity: [{ id: 'OrgLiveID', service: 'Microsoft Entra', status: 'serviceDegradation' }],
      others: [{ id: 'Exchange', service: 'Exchange Online', status: 'serviceOperational' }],
      active: many,
      recentlyResolved: [
        issue({ id: 'TM1', title: 'Teams meetings', isResolved: true, status: 'serviceRestored', endDateTime: '2025-03-02T06:00:00Z' }),
      ],
      now: Date.parse('2025-03-02T10:00:00Z'),
    });
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toMatch(/Identity services\nMicrosoft Entra: Degraded\nOther services\nExchange Online: Healthy/);
    expect(text).toContain('Active incidents and advisories (20)');
    expect(text).toContain('12 more are listed in the admin center.');
    expect(text).toContain('- TM1: Teams meetings (Service restored, 2025-03-02 06:00 UTC)');
  });
});
