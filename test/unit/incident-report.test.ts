import { renderIncidentCard } from '../../src/features/incidents/incident-card';
import { renderIncidentReportCard, renderIncidentReportMarkdown } from '../../src/features/incidents/report-card';
import type { HealthIssue } from '../../src/domain/health-types';
import { tapFigures, type IncidentReport } from '../../src/features/incidents/incident-report';
import { nextRecord } from '../../src/features/incidents/runbook';
import { cardText } from '../helpers/card-text';
import { cardProblems } from '../helpers/validate-card';
import { auditEntry } from '../contract/fixtures';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;
const issue: HealthIssue = {
  id: 'EN123456',
  title: 'Users *cannot* register <MFA>',
  service: 'Microsoft Entra',
  feature: 'Multi-factor authentication',
  featureGroup: 'Authentication',
  classification: 'incident',
  status: 'serviceRestored',
  impactDescription: 'Users may be unable to register.',
  isResolved: true,
  startDateTime: new Date(T0).toISOString(),
  endDateTime: new Date(T0 + 95 * MIN).toISOString(),
  lastModifiedDateTime: new Date(T0 + 95 * MIN).toISOString(),
  posts: Array.from({ length: 12 }, (_, i) => ({
    createdDateTime: new Date(T0 + i * 5 * MIN).toISOString(),
    postType: 'regular',
    html: `<p>Update ${i}: ${'long words '.repeat(200)}</p>`,
  })),
};

describe('TAP figures for the report', () => {
  it('counts the window only, by event and by approver, and says when the trail was cut short', () => {
    const trail = [
      auditEntry({ requestId: 'r1', event: 'issued', at: T0 + 30 * MIN }),
      auditEntry({ requestId: 'r1', event: 'approved', at: T0 + 20 * MIN, actor: { id: 'm', name: 'Maria Manager' } }),
      auditEntry({ requestId: 'r2', event: 'rejected', at: T0 + 15 * MIN, actor: { id: 'm', name: 'Maria Manager' } }),
      auditEntry({ requestId: 'r1', event: 'requested', at: T0 + 10 * MIN }),
      auditEntry({ requestId: 'r0', event: 'requested', at: T0 - 10 * MIN }),
    ];
    const f = tapFigures(trail, T0, T0 + 95 * MIN, 100);
    expect(f).toEqual({
      requests: 2,
      events: [
        ['requested', 1],
        ['approved', 1],
        ['issued', 1],
        ['rejected', 1],
      ],
      byApprover: [['Maria Manager', 2]],
      partial: false,
    });
    expect(tapFigures(trail.slice(0, 3), T0, T0 + 95 * MIN, 3).partial).toBe(true);
  });
});

describe('the report card and its Markdown', () => {
  const report: IncidentReport = {
    issue,
    from: T0,
    to: T0 + 95 * MIN,
    taps: { requests: 1, events: [['requested', 1]], byApprover: [], partial: false },
    impact: { peak: { blocked: 42, attempts: 300, at: T0 + 40 * MIN } },
    notices: [],
    scans: {},
    runbook: { audit: { state: 'done', by: 'Hana Helpdesk', at: T0 + 12 * MIN } },
    generatedAt: T0 + 96 * MIN,
  };

  it('fits Teams (valid, under 28 KB with twelve long posts), escapes directory text, and says what is missing', () => {
    const card = renderIncidentReportCard(report);
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
    const text = cardText(card);
    expect(text).toMatch(/Duration: 1 h 35 min/);
    expect(text).toMatch(/the last 8 of 12/);
    expect(text).toMatch(/At the peak: 42 users blocked/);
    expect(text).toMatch(/No notices were sent about this incident/);
    expect(text).toMatch(/No audit or lockout review ran during the incident/);
    expect(text).toMatch(/MFA enrolment audit: done by Hana Helpdesk at 2026-12-01 10:12 UTC/);
    expect(JSON.stringify(card)).toContain('Users \\\\*cannot\\\\* register \\\\<MFA\\\\>');
  });

  it('the Markdown has every post in full and escapes the title', () => {
    const md = renderIncidentReportMarkdown(report);
    expect(md.startsWith('# EN123456: Users \\*cannot\\* register \\<MFA\\>\n')).toBe(true);
    expect(md.match(/^### /gm)).toHaveLength(12);
    expect(md).toMatch(/## Temporary Access Passes\n\n- 1 request: requested 1/);
  });
});

describe('the runbook checklist', () => {
  it('a start never hides a done, and later records win', () => {
    const done = { state: 'done' as const, by: 'Hank', at: 10 };
    expect(nextRecord(undefined, { state: 'started', by: 'A', at: 5 })).toEqual({ state: 'started', by: 'A', at: 5 });
    expect(nextRecord(done, { state: 'started', by: 'B', at: 20 })).toBeUndefined();
    expect(nextRecord(done, { state: 'done', by: 'B', at: 20 })).toEqual({ state: 'done', by: 'B', at: 20 });
  });

  it('is on an open identity incident card with its buttons and refresh, and without buttons once resolved', () => {
    const open = { ...issue, isResolved: false, status: 'investigating', endDateTime: null };
    const card = renderIncidentCard(open, { lockout: { state: 'started', by: 'Hank', at: T0 } });
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toMatch(/⏳ Review conditional access for lockouts[^\n]*\(started by Hank at /);
    expect(card.refresh).toBeDefined();
    const closed = renderIncidentCard(issue, {});
    expect(JSON.stringify(closed)).not.toMatch(/runbook\.audit/);
    expect(closed.refresh).toBeUndefined();
    expect(JSON.stringify(renderIncidentCard(open))).not.toMatch(/Runbook/);
  });
});
