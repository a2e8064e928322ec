import type { Tenant } from '../tenant';
import type { ServiceHealthIssue } from '../sim-types';

export interface OutageStep {
  status: string;
  apply: (tenant: Tenant, issueId: string) => ServiceHealthIssue;
}

const TITLE = "Users can't set up MFA or access My Sign-Ins";
const IMPACT = 'Users may be unable to register or change multi-factor authentication (MFA) methods or access the My Sign-Ins page.';

const post = (status: string, more: string, next?: string) =>
  `<p>Title: ${TITLE.replace("'", '&#39;')}</p><p>User impact: ${IMPACT}</p>` +
  `<p>More info: Users who are already registered can still complete MFA prompts.<br>Affected pages include <a href="https://mysignins.microsoft.com/security-info">My Sign-Ins &amp; Security info</a>.</p>` +
  `<p>Current status: ${status}</p><p>Scope of impact: ${more}</p>` +
  (next ? `<p>Next update by: ${next}</p>` : '');

/** The seed MFA outage, one step per advance(); every step stamps lastModifiedDateTime with the simulator clock. */
export const OUTAGE_STEPS: OutageStep[] = [
  {
    status: 'investigating',
    apply: (tenant, id) => {
      const now = tenant.now();
      return tenant.upsertIssue({
        id,
        title: TITLE,
        service: 'Microsoft Entra',
        feature: 'Multi-factor authentication',
        featureGroup: 'Authentication',
        classification: 'incident',
        status: 'investigating',
        origin: 'microsoft',
        isResolved: false,
        impactDescription: IMPACT,
        startDateTime: new Date(now - 12 * 60_000).toISOString(),
        endDateTime: null,
        details: [{ name: 'NotifyInApp', value: 'True' }],
        posts: [
          {
            createdDateTime: new Date(now).toISOString(),
            postType: 'regular',
            description: {
              contentType: 'html',
              content: post(
                "We're investigating reports that users can't register MFA methods &amp; can't reach My Sign-Ins.",
                'Some users in North America and Europe.',
                'within 1 hour',
              ),
            },
          },
        ],
      });
    },
  },
  {
    status: 'investigating',
    apply: (tenant, id) =>
      tenant.addIssuePost(id, {
        content: post(
          'We identified a recent change to the authentication registration service that may be contributing to impact, and we are reviewing telemetry.',
          'Some users attempting to register or change MFA methods.',
          'within 1 hour',
        ),
      }),
  },
  {
    status: 'restoringService',
    apply: (tenant, id) =>
      tenant.addIssuePost(id, {
        status: 'restoringService',
        content: post(
          "We've reverted the change and are monitoring as service recovers across affected regions.",
          'Impact is decreasing.',
          'within 30 minutes',
        ),
      }),
  },
  {
    status: 'serviceRestored',
    apply: (tenant, id) =>
      tenant.resolveIssue(id, {
        status: 'serviceRestored',
        content:
          post(
            'Final status: We confirmed after monitoring that MFA registration and My Sign-Ins are available again.',
            'Impact was limited to a subset of users.',
          ) + '<p>Preliminary root cause: A configuration change caused requests to the registration service to fail.</p>',
      }),
  },
  {
    status: 'postIncidentReviewPublished',
    apply: (tenant, id) =>
      tenant.addIssuePost(id, {
        status: 'postIncidentReviewPublished',
        content: `<p>A post-incident report has been published.<br>See the <a href="https://admin.microsoft.com/adminportal/home#/servicehealth/history/:/alerts/${id}">incident history</a> for details.</p>`,
      }),
  },
];
