import { bullets, adaptiveCard, textBlock, type Element } from '../../kit/card-parts';
import { card, type Reply } from '../../core/reply';
import type { CohortName } from '../../domain/campaign';
import { notifyMessages } from './notify-messages';
import { contactMarkdown, escapeCardText, fillMarkdown, fillPlain, type Fill } from './compose';

/** A digest names at most this many reports, so a manager of thousands still gets a card Teams takes. */
export const DIGEST_NAMES = 200;

export interface NoticeView extends Fill {
  template: string;
  /** Who asked, for "Sent by … for the helpdesk". */
  sender: string;
  /** HELPDESK_CONTACT. */
  contact: string;
  /** A manager's digest: their reports in the cohort, by name only. */
  digest?: { cohort: CohortName; reports: string[] };
}

/**
 * What a recipient gets, as a card so that nothing typed renders as formatting: for a digest the reports'
 * names first, then the message, then who sent it for the helpdesk and how to reach it. Pure.
 */
export function renderNotice(v: NoticeView): Reply {
  const body: Element[] = [];
  if (v.digest) {
    const { reports, cohort } = v.digest;
    body.push(
      textBlock(escapeCardText(notifyMessages.digestHeading(reports.length, cohort)), { weight: 'Bolder' }),
      bullets(reports.slice(0, DIGEST_NAMES).map(escapeCardText)),
    );
    if (reports.length > DIGEST_NAMES)
      body.push(textBlock(escapeCardText(notifyMessages.digestMore(reports.length - DIGEST_NAMES)), { spacing: 'None' }));
  }
  body.push(
    textBlock(fillMarkdown(v.template, v), { spacing: v.digest ? 'Medium' : 'Default' }),
    textBlock(`${escapeCardText(notifyMessages.signature(v.sender))} ${contactMarkdown(v.contact)}`, {
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    }),
    textBlock(escapeCardText(notifyMessages.whyYou()), { isSubtle: true, size: 'Small', spacing: 'None' }),
  );
  const summary = v.digest ? notifyMessages.digestSummary(v.digest.reports.length) : notifyMessages.noticeSummary(fillPlain(v.template, v));
  return card(adaptiveCard(body), summary);
}
