import type { AdaptiveCard } from '../../core/reply';
import { ADMIN_CENTER_ALERT, statusWords, type HealthIssue } from '../../domain/health-types';
import { htmlToText } from '../../domain/html-to-text';
import { RUNBOOK_TASKS, type RunbookState, type RunbookTask, type TaskRecord } from './runbook';
import { adaptiveCard, banner, executeAction, facts, formatUtc, heading, md, section, textBlock, type Element } from '../../kit/card-parts';

/** Long posts are cut so a card stays well under Teams' message size. */
const POST_CHARS = 2500;

/** The card posted once per incident and conversation, then updated in place as Microsoft posts (and as the runbook moves). */
export function renderIncidentCard(issue: HealthIssue, runbook?: RunbookState): AdaptiveCard {
  const latest = issue.posts[issue.posts.length - 1];
  const kind = issue.classification === 'advisory' ? 'Advisory' : 'Incident';
  const body: Element[] = [
    issue.isResolved
      ? banner(`Resolved: ${statusWords(issue.status)}`, 'good')
      : banner(`${kind} in progress: ${statusWords(issue.status)}`, kind === 'Incident' ? 'attention' : 'warning'),
    ...heading(md(issue.title || issue.id), md(`${issue.id} · ${[issue.service, issue.feature].filter(Boolean).join(' · ')}`)),
    facts([
      ['Status', statusWords(issue.status)],
      ['Classification', kind],
      ['Started', formatUtc(issue.startDateTime)],
      ['Ended', issue.isResolved ? formatUtc(issue.endDateTime) : undefined],
      ['Last update', formatUtc(issue.lastModifiedDateTime)],
    ]),
  ];
  if (issue.impactDescription) body.push(section('Impact', [textBlock(md(issue.impactDescription))]));
  if (latest) {
    body.push(
      section(`Latest from Microsoft (${formatUtc(latest.createdDateTime) ?? 'undated'})`, [
        textBlock(md(htmlToText(latest.html, POST_CHARS))),
      ]),
    );
  }
  const extra: Record<string, unknown> = {
    actions: [{ type: 'Action.OpenUrl', title: 'Open in the Microsoft 365 admin center', url: ADMIN_CENTER_ALERT(issue.id) }],
  };
  if (runbook) {
    body.push(runbookSection(issue, runbook));
    // No userIds: Teams refreshes it for whoever opens it in conversations of up to 60 people; larger ones have the button.
    if (!issue.isResolved) extra.refresh = { action: { type: 'Action.Execute', verb: 'runbook.refresh', data: { incidentId: issue.id } } };
  }
  return adaptiveCard(body, extra);
}

const TASK_WORDS: Record<RunbookTask, { line: string; button: string }> = {
  audit: { line: 'Audit MFA enrolment: who is not registered or mid-registration', button: 'Run audit' },
  lockout: { line: 'Review conditional access for lockouts: who enforced MFA policies will lock out', button: 'Review lockout' },
  impact: { line: 'Check who is already blocked, from the sign-in logs', button: 'Check impact' },
  notify: { line: 'Communicate: tell the people at risk (or their managers) what to do', button: 'Notify…' },
};

function taskLine(task: RunbookTask, record: TaskRecord | undefined): string {
  const mark = record?.state === 'done' ? '✅' : record ? '⏳' : '⬜';
  const who = record ? ` (${record.state === 'done' ? 'done' : 'started'} by ${md(record.by)} at ${formatUtc(record.at)})` : '';
  return `${mark} ${TASK_WORDS[task].line}${who}`;
}

/**
 * Microsoft's four steps for admins during an MFA outage, as a checklist: audit enrolment, review conditional
 * access (with the sign-in impact beside it), communicate, watch service health. Watching is this card itself.
 */
function runbookSection(issue: HealthIssue, state: RunbookState): Element {
  const lines = RUNBOOK_TASKS.map((t) => taskLine(t, state[t]));
  lines.push('✅ Watch service health: this conversation is subscribed, and gets every update from Microsoft here');
  const items: Element[] = [textBlock(lines.join('\n\n'))];
  if (!issue.isResolved) {
    const data = { incidentId: issue.id };
    items.push({
      type: 'ActionSet',
      actions: [
        ...RUNBOOK_TASKS.map((t) => executeAction(TASK_WORDS[t].button, `runbook.${t}`, data)),
        executeAction('Refresh', 'runbook.refresh', data),
      ],
    });
    items.push(textBlock('Helpdesk members only; what a step finds is posted here.', { isSubtle: true, size: 'Small' }));
  }
  return section('Runbook', items);
}

/** The thread reply for one change: a new post from Microsoft, a status change, or the resolution. */
export function renderIncidentUpdateCard(
  issue: HealthIssue,
  what: { postIndex?: number; resolved: boolean; statusChanged: boolean },
): AdaptiveCard {
  const post = what.postIndex === undefined ? undefined : issue.posts[what.postIndex];
  const title = what.resolved
    ? `${issue.id} resolved: ${statusWords(issue.status)}`
    : what.statusChanged
      ? `${issue.id} status: ${statusWords(issue.status)}`
      : `${issue.id} update from Microsoft`;
  const body: Element[] = [textBlock(md(title), { weight: 'Bolder' })];
  if (post) {
    body.push(textBlock(md(htmlToText(post.html, POST_CHARS))));
    const at = formatUtc(post.createdDateTime);
    if (at) body.push(textBlock(`Posted ${at}`, { isSubtle: true, size: 'Small', spacing: 'None' }));
  } else if (what.resolved) {
    body.push(textBlock(`Microsoft marked this ${issue.classification === 'advisory' ? 'advisory' : 'incident'} resolved.`));
  }
  return adaptiveCard(body);
}

/** One line for notifications and screen readers. */
export function incidentSummary(issue: HealthIssue): string {
  return `${issue.id}: ${issue.title} (${statusWords(issue.status)})`;
}
