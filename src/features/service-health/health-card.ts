import type { AdaptiveCard } from '../../core/reply';
import { ADMIN_CENTER_ALERT, statusWords, type HealthIssue, type ServiceOverview } from '../../domain/health-types';
import { htmlToText } from '../../domain/html-to-text';
import { adaptiveCard, bullets, facts, formatUtc, heading, md, section, textBlock, type Element } from '../../kit/card-parts';

export interface HealthView {
  identity: ServiceOverview[];
  /** Other services; present only for `health all`. */
  others?: ServiceOverview[];
  /** Open issues to show (identity ones, or all with `health all`), newest first. */
  active: HealthIssue[];
  /** Resolved in the last 24 hours, newest first. */
  recentlyResolved: HealthIssue[];
  now: number;
}

const MAX_ACTIVE = 8;
const POST_CHARS = 600;

/** `health`: identity services first, every active incident or advisory, the last day's resolved ones briefly. */
export function renderHealthCard(v: HealthView): AdaptiveCard {
  const body: Element[] = [...heading('Microsoft 365 service health', `As of ${formatUtc(v.now)}`)];
  body.push(section('Identity services', [serviceFacts(v.identity, 'Graph reported no identity service for this tenant.')]));
  if (v.others) body.push(section('Other services', [serviceFacts(v.others, 'No other services reported.')]));

  if (v.active.length === 0) {
    body.push(section('Active incidents and advisories', [textBlock('None reported.')]));
  } else {
    const shown = v.active.slice(0, MAX_ACTIVE);
    body.push(section(`Active incidents and advisories (${v.active.length})`, []));
    for (const issue of shown) body.push(issueBlock(issue));
    if (v.active.length > shown.length)
      body.push(textBlock(`${v.active.length - shown.length} more are listed in the admin center.`, { isSubtle: true }));
  }
  if (v.recentlyResolved.length) {
    body.push(
      section('Resolved in the last 24 hours', [
        bullets(
          v.recentlyResolved
            .slice(0, 10)
            .map(
              (i) =>
                `${md(i.id)}: ${md(i.title)} (${statusWords(i.status)}${formatUtc(i.endDateTime) ? `, ${formatUtc(i.endDateTime)}` : ''})`,
            ),
        ),
      ]),
    );
  }
  return adaptiveCard(body);
}

function serviceFacts(services: ServiceOverview[], none: string): Element {
  return services.length ? facts(services.map((s) => [md(s.service), statusWords(s.status)])) : textBlock(none);
}

function issueBlock(issue: HealthIssue): Element {
  const latest = issue.posts[issue.posts.length - 1];
  const items: Element[] = [
    textBlock(`${md(issue.id)}: ${md(issue.title)}`, { weight: 'Bolder' }),
    facts([
      ['Service', md([issue.service, issue.feature].filter(Boolean).join(' · '))],
      ['Status', statusWords(issue.status)],
      ['Classification', issue.classification === 'advisory' ? 'Advisory' : 'Incident'],
      ['Started', formatUtc(issue.startDateTime)],
      ['Last update', formatUtc(issue.lastModifiedDateTime)],
      ['Impact', md(issue.impactDescription)],
    ]),
  ];
  if (latest) items.push(textBlock(md(htmlToText(latest.html, POST_CHARS)), { size: 'Small' }));
  items.push(textBlock(`[Open ${md(issue.id)} in the admin center](${ADMIN_CENTER_ALERT(issue.id)})`, { size: 'Small' }));
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}
