import type { IssuePost, ServiceHealthIssue, ServiceOverview } from '../sim-types';

export const SERVICE_OVERVIEWS: ServiceOverview[] = [
  { id: 'OrgLiveID', service: 'Microsoft Entra' },
  { id: 'Exchange', service: 'Exchange Online' },
  { id: 'microsoftteams', service: 'Microsoft Teams' },
  { id: 'SharePoint', service: 'SharePoint Online' },
  { id: 'OSDPPlatform', service: 'Microsoft 365 suite' },
  { id: 'Intune', service: 'Microsoft Intune' },
];

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

export function htmlPost(createdDateTime: string, paragraphs: string[]): IssuePost {
  return {
    createdDateTime,
    postType: 'regular',
    description: { contentType: 'html', content: paragraphs.map((p) => `<p>${p}</p>`).join('') },
  };
}

export function makeIssue(fields: Partial<ServiceHealthIssue> & Pick<ServiceHealthIssue, 'id'>, nowIso: string): ServiceHealthIssue {
  const { id, ...rest } = fields;
  return {
    id,
    title: '',
    service: 'Microsoft 365 suite',
    feature: '',
    featureGroup: '',
    impactDescription: '',
    classification: 'incident',
    status: 'investigating',
    origin: 'microsoft',
    isResolved: false,
    startDateTime: nowIso,
    endDateTime: null,
    lastModifiedDateTime: nowIso,
    details: [{ name: 'NotifyInApp', value: 'True' }],
    posts: [],
    ...rest,
  };
}

/** Historical and currently open issues present at start (the MFA outage arrives via the timeline). */
export function contosoIssues(now: number): ServiceHealthIssue[] {
  const at = (hoursAgo: number) => iso(now - hoursAgo * HOUR);
  return [
    makeIssue(
      {
        id: 'EX1010001',
        title: 'Some users may see delays receiving external email',
        service: 'Exchange Online',
        feature: 'E-Mail and calendar access',
        featureGroup: 'E-Mail and calendar access',
        classification: 'advisory',
        status: 'serviceRestored',
        isResolved: true,
        startDateTime: at(72),
        endDateTime: at(48),
        lastModifiedDateTime: at(48),
        impactDescription: 'Users may have experienced delays of up to 30 minutes when receiving email from external senders.',
        posts: [
          htmlPost(at(71), [
            'Title: Some users may see delays receiving external email',
            'User impact: Users may see delays receiving external email.',
            'Current status: We are reviewing mail flow telemetry.',
          ]),
          htmlPost(at(48), [
            'Final status: We rebalanced mail flow traffic &amp; confirmed delivery times are back to normal.<br>Scope of impact: Some users in North America.',
          ]),
        ],
      },
      at(48),
    ),
    makeIssue(
      {
        id: 'TM1010002',
        title: 'Users may be unable to join Microsoft Teams meetings',
        service: 'Microsoft Teams',
        feature: 'Teams Components',
        featureGroup: 'Teams Components',
        classification: 'incident',
        status: 'serviceRestored',
        isResolved: true,
        startDateTime: at(9),
        endDateTime: at(6),
        lastModifiedDateTime: at(6),
        impactDescription: 'Users may have been unable to join meetings from the desktop client.',
        posts: [
          htmlPost(at(8.5), [
            'Title: Users may be unable to join Microsoft Teams meetings',
            'User impact: Users may be unable to join meetings.',
            'Current status: We are investigating a recent configuration change.',
          ]),
          htmlPost(at(6), ['Final status: We reverted the configuration change and confirmed impact is remediated.']),
        ],
      },
      at(6),
    ),
    makeIssue(
      {
        id: 'EX1010003',
        title: 'Some users may see delays in mailbox search results',
        service: 'Exchange Online',
        feature: 'E-Mail and calendar access',
        featureGroup: 'E-Mail and calendar access',
        classification: 'advisory',
        status: 'serviceDegradation',
        isResolved: false,
        startDateTime: at(5),
        lastModifiedDateTime: at(1),
        impactDescription: 'Search results in Outlook may be incomplete for recently received items.',
        posts: [
          htmlPost(at(4.5), [
            'Title: Some users may see delays in mailbox search results',
            'User impact: Recently received items may be missing from search results.',
            'Current status: We are rebuilding affected search indexes.',
          ]),
        ],
      },
      at(1),
    ),
  ];
}
