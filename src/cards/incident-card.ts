import type { AdaptiveCard } from '../core/reply';
import { ADMIN_CENTER_ALERT, statusWords, type HealthIssue } from '../domain/health-types';
import { htmlToText } from '../domain/html-to-text';
import { adaptiveCard, banner, facts, formatUtc, heading, md, section, textBlock, type Element } from './parts';

/** Long posts are cut so a card stays well under Teams' message size. */
const POST_CHARS = 2500;

/** The card posted once per incident and conversation, then updated in place as Microsoft posts. */
export function renderIncidentCard(issue: HealthIssue): AdaptiveCard {
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
  return adaptiveCard(body, {
    actions: [{ type: 'Action.OpenUrl', title: 'Open in the Microsoft 365 admin center', url: ADMIN_CENTER_ALERT(issue.id) }],
  });
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
