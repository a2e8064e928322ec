import { DOCUMENTED_LIMITS, parseWindows, type GraphLimitSettings } from '../domain/graph-limit-settings';
import type { BucketSpec } from './request-budget';

const USER_AUTH = /^\/users\/[^/]+\/authentication(\/|$)/i;

/** Which of the bot's Graph paths fall in which throttling bucket, with the configured windows. */
export function graphBuckets(settings: GraphLimitSettings = DOCUMENTED_LIMITS): BucketSpec[] {
  return [
    {
      // authenticationMethod is listed among the report resources, so every user's methods and TAPs count.
      name: 'reports',
      matches: (_m, p) => /^\/(reports|auditLogs)(\/|$)/i.test(p) || USER_AUTH.test(p),
      windows: parseWindows(settings.reports),
    },
    {
      name: 'conditional access',
      matches: (_m, p) => /^\/(identity\/conditionalAccess|identityProtection)(\/|$)/i.test(p),
      windows: parseWindows(settings.conditionalAccess),
    },
    {
      name: 'service health',
      matches: (_m, p) => /^\/admin\/serviceAnnouncement(\/|$)/i.test(p),
      windows: parseWindows(settings.serviceHealth),
    },
    {
      name: 'teams',
      matches: (_m, p) => /^\/(users\/[^/]+\/teamwork|chats|appCatalogs|teams)(\/|$)/i.test(p),
      windows: parseWindows(settings.teams),
      // A campaign's installs are this bucket's whole load, answered in milliseconds, and a slot is held from
      // Graph's answer: the default quarter-second of slack would cost a fifth of a one-second window, and the
      // scans' wider spacing another tenth, for no safety gained. Evenly spaced at the limit, with 3 %.
      slack: { factor: 1.02, ms: 10 },
      spacing: 1,
    },
  ];
}
