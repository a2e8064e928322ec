import type { AdaptiveCard } from '../../core/reply';
import { describeLifetime } from '../../core/format';
import type { TapAuditEntry } from '../../domain/tap-request';
import { adaptiveCard, formatUtc, heading, md, textBlock } from '../../kit/card-parts';

const VERBS: Record<TapAuditEntry['event'], string> = {
  requested: 'requested by',
  held: 'held for Microsoft Graph, requested by',
  routed: 'checked and sent to the approvers',
  refused: 'refused by the checks',
  approved: 'approved by',
  waiting: 'waiting for Microsoft Graph',
  retried: 'retried by',
  issued: 'issued',
  failed: 'failed',
  rejected: 'rejected by',
  expired: 'expired',
};

/** `history`: the recent TAP trail, newest first, one line per event. Never holds a code (none is stored). */
export function renderTapHistoryCard(entries: TapAuditEntry[], subject?: string): AdaptiveCard {
  const title = subject ? `TAP history for ${md(subject)}` : 'Recent TAP activity';
  if (entries.length === 0) return adaptiveCard([...heading(title), textBlock('No TAP requests recorded yet.')]);
  const lines = entries.map((e) => {
    const who = e.actor && VERBS[e.event].endsWith(' by') ? ` ${md(e.actor.name)}` : '';
    const detail = e.detail ? ` (${md(e.detail)})` : '';
    const lifetime = e.lifetimeMinutes > 0 ? `; ${describeLifetime(e.lifetimeMinutes)}` : '';
    return `- ${formatUtc(e.at)}: **${md(e.target.name)}** ${VERBS[e.event]}${who}${detail}${lifetime}; reason: ${md(e.reason)}`;
  });
  return adaptiveCard([
    ...heading(title, `${entries.length} most recent event${entries.length === 1 ? '' : 's'}`),
    textBlock(lines.join('\n')),
  ]);
}
