import type { AdaptiveCard } from '../../core/reply';
import { describeDuration, formatUtc } from '../../core/format';
import { statusWords } from '../../domain/health-types';
import { htmlToText } from '../../domain/html-to-text';
import type { IncidentReport } from './incident-report';
import { RUNBOOK_TASKS, type RunbookTask } from './runbook';
import { adaptiveCard, banner, bullets, executeAction, facts, heading, md, section, textBlock, type Element } from '../../kit/card-parts';

/** The card keeps Microsoft's posts short and few (it must stay under Teams' 28 KB); the Markdown export has them all. */
const CARD_POSTS = 8;
const CARD_POST_CHARS = 400;

const TASK_NAMES: Record<RunbookTask, string> = {
  audit: 'MFA enrolment audit',
  lockout: 'Lockout review',
  impact: 'Sign-in impact',
  notify: 'Notices to the affected people',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The report's figures as lines, shared by the card and the Markdown export (so both always say the same). */
function lines(r: IncidentReport) {
  const t = r.taps;
  const taps = t.requests
    ? [
        `${plural(t.requests, 'request')}${t.partial ? ' (at least)' : ''}: ${t.events.map(([e, n]) => `${e} ${n}`).join(', ')}`,
        ...(t.byApprover.length ? [`Decided by: ${t.byApprover.map(([who, n]) => `${who} (${n})`).join(', ')}`] : []),
      ]
    : ['No Temporary Access Pass was requested during the incident.'];
  const { peak, last } = r.impact;
  const impact =
    peak || last
      ? [
          ...(peak ? [`At the peak: ${plural(peak.blocked, 'user')} blocked (${formatUtc(peak.at)})`] : []),
          ...(last ? [`At the last check: ${plural(last.blocked, 'user')} blocked (${formatUtc(last.at)})`] : []),
        ]
      : ['Nobody checked the sign-in impact during the incident, so there are no sign-in figures.'];
  const notices =
    r.notices === undefined
      ? ["The notices couldn't be read."]
      : r.notices.length
        ? r.notices.map(
            (n) =>
              `${n.kind === 'allClear' ? 'All-clear' : 'Notice'} to ${n.audience === 'managers' ? `managers of ${n.cohort}` : n.cohort} by ${n.by} (${formatUtc(n.at)}): ` +
              `${n.sent} of ${n.recipients} reached, ${n.notReachable} not reachable, ${n.failed} failed${n.waiting ? `, ${n.waiting} still waiting` : ''}`,
          )
        : ['No notices were sent about this incident.'];
  const { first, last: end } = r.scans;
  const scans = first
    ? [
        `First scan (${formatUtc(first.at)}): ${first.notRegistered} not registered, ${first.atRisk} at risk of lockout, ${first.newHires} new hires not registered`,
        ...(end
          ? [
              `Last scan (${formatUtc(end.at)}): ${end.notRegistered} not registered, ${end.atRisk} at risk of lockout, ${end.newHires} new hires not registered`,
            ]
          : ['Only one scan ran during the incident.']),
      ]
    : ['No audit or lockout review ran during the incident.'];
  const runbook = RUNBOOK_TASKS.map((task) => {
    const rec = r.runbook[task];
    return `${TASK_NAMES[task]}: ${rec ? `${rec.state} by ${rec.by} at ${formatUtc(rec.at)}` : 'not run'}`;
  });
  return { taps, impact, notices, scans, runbook };
}

const duration = (r: IncidentReport) => describeDuration(Math.max(0, r.to - r.from));

/** The report posted in the incident's thread when it resolves (and by `report`). Pure; names no TAP code, ever. */
export function renderIncidentReportCard(r: IncidentReport): AdaptiveCard {
  const l = lines(r);
  const posts = r.issue.posts.slice(-CARD_POSTS);
  const body: Element[] = [
    banner(
      r.issue.isResolved ? `Post-incident report: ${md(r.issue.id)} is resolved` : `Interim report: ${md(r.issue.id)} is still open`,
      r.issue.isResolved ? 'good' : 'warning',
    ),
    ...heading(md(r.issue.title || r.issue.id), md(`${r.issue.id} · ${r.issue.service}`)),
    facts([
      ['Started', formatUtc(r.from)],
      [r.issue.isResolved ? 'Resolved' : 'So far', formatUtc(r.to)],
      ['Duration', duration(r)],
      ['Status', statusWords(r.issue.status)],
    ]),
    section(`Microsoft's posts${r.issue.posts.length > posts.length ? ` (the last ${posts.length} of ${r.issue.posts.length})` : ''}`, [
      posts.length
        ? bullets(
            posts.map(
              (p) => `${formatUtc(p.createdDateTime) ?? 'undated'}: ${md(htmlToText(p.html, CARD_POST_CHARS).replace(/\s+/g, ' '))}`,
            ),
          )
        : textBlock('Microsoft posted no updates.'),
    ]),
    section('Temporary Access Passes', [bullets(l.taps.map(md))]),
    section('Sign-in impact', [bullets(l.impact.map(md))]),
    section('Notices', [bullets(l.notices.map(md))]),
    section('Enrolment at the start and at the end', [bullets(l.scans.map(md))]),
    section('Runbook', [bullets(l.runbook.map(md))]),
    textBlock(`Made ${formatUtc(r.generatedAt)} from mfa-bot's own records. ${'`report ' + r.issue.id + '`'} makes it again.`, {
      isSubtle: true,
      size: 'Small',
    }),
  ];
  return adaptiveCard(body, { actions: [executeAction('Export as Markdown', 'report.export', { incidentId: r.issue.id })] });
}

/** The same report as a Markdown document, with every post in full (for the incident review). */
export function renderIncidentReportMarkdown(r: IncidentReport): string {
  const l = lines(r);
  const esc = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
  const list = (items: string[]) => items.map((i) => `- ${esc(i)}`).join('\n');
  return [
    `# ${esc(r.issue.id)}: ${esc(r.issue.title)}`,
    '',
    `${r.issue.isResolved ? 'Post-incident report' : 'Interim report (the incident is still open)'}, made ${formatUtc(r.generatedAt)} by mfa-bot.`,
    '',
    `- Service: ${esc(r.issue.service)}`,
    `- Started: ${formatUtc(r.from)}`,
    `- ${r.issue.isResolved ? 'Resolved' : 'So far'}: ${formatUtc(r.to)}`,
    `- Duration: ${duration(r)}`,
    `- Status: ${statusWords(r.issue.status)}`,
    '',
    "## Microsoft's posts",
    '',
    ...(r.issue.posts.length
      ? r.issue.posts.flatMap((p) => [`### ${formatUtc(p.createdDateTime) ?? 'undated'}`, '', esc(htmlToText(p.html, 20_000)), ''])
      : ['Microsoft posted no updates.', '']),
    '## Temporary Access Passes',
    '',
    list(l.taps),
    '',
    '## Sign-in impact',
    '',
    list(l.impact),
    '',
    '## Notices',
    '',
    list(l.notices),
    '',
    '## Enrolment at the start and at the end',
    '',
    list(l.scans),
    '',
    '## Runbook',
    '',
    list(l.runbook),
    '',
  ].join('\n');
}
