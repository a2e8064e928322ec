import type { AdaptiveCard } from '../../core/reply';
import { describeLifetime } from '../../core/format';
import { lifetimeOptions } from './approval';
import type { TapApprover, TapRequest } from '../../domain/tap-request';
import { adaptiveCard, banner, facts, formatUtc, heading, md, textBlock, type Element } from '../../kit/card-parts';

export interface TapCardOptions {
  /** approver: Approve/Reject (or Retry) while the request is open; readOnly: the same facts, no buttons. */
  view: 'approver' | 'readOnly';
  /** Teams ids (29:…) of approvers, who get their own (approver) view by automatic refresh. */
  refreshUserIds: string[];
  /** Approvers named with an @mention, when the card stands in for a 1:1 chat the bot couldn't open. */
  mention?: TapApprover[];
}

/**
 * The approval card, in every conversation it lives in (approver 1:1s and the requesting conversation).
 * Pure, and never given the pass: after issuance it says who approved and until when the pass is valid.
 */
export function renderTapCard(req: TapRequest, opts: TapCardOptions): AdaptiveCard {
  const body: Element[] = [statusBanner(req)];
  body.push(...heading(`Temporary Access Pass for ${md(req.target.name)}`, md(req.target.upn)));
  if (req.existingTapUntil && req.status === 'pending') {
    body.push(
      banner(
        `${md(req.target.name)} already holds a usable TAP (until ${formatUtc(req.existingTapUntil)}). Approving replaces it.`,
        'warning',
      ),
    );
  }
  body.push(
    facts([
      ['MFA', md(req.target.mfa)],
      ['Existing TAP', req.existingTapUntil ? `Usable until ${formatUtc(req.existingTapUntil)}` : 'None'],
      ['Requested by', md(req.requester.name)],
      ['Reason', md(req.reason)],
      ['Lifetime', `${describeLifetime(req.lifetimeMinutes)}, ${req.isUsableOnce ? 'one-time use' : 'multi-use'}`],
      ['Approvers', md(req.approvers.map((a) => `${a.name}${a.via === 'manager' ? ' (manager)' : ''}`).join(', '))],
      ['Requested', formatUtc(req.createdAt)],
    ]),
  );
  const extra: Record<string, unknown> = {};
  if (opts.mention?.length && req.status === 'pending') {
    const tags = opts.mention.map((a) => `<at>${md(a.name)}</at>`);
    body.push(textBlock(`${tags.join(', ')}: I couldn't reach you in a private chat, so please decide here.`));
    // Mentions inside an Adaptive Card: the text must match `<at>…</at>` exactly. The Entra object id as
    // mentioned.id is what we know for someone who never wrote to the bot.
    extra.msteams = {
      width: 'Full',
      entities: opts.mention.map((a, i) => ({ type: 'mention', text: tags[i], mentioned: { id: a.id, name: a.name } })),
    };
  }
  const open = req.status === 'pending' || req.status === 'failed';
  if (opts.view === 'approver' && req.status === 'pending') {
    body.push(
      {
        type: 'Input.ChoiceSet',
        id: 'lifetime',
        label: 'Lifetime',
        value: String(req.lifetimeMinutes),
        choices: lifetimeOptions(req.policy, req.lifetimeMinutes).map((m) => ({ title: describeLifetime(m), value: String(m) })),
      },
      { type: 'Input.Text', id: 'rejectReason', label: 'Reason for rejecting (optional)', maxLength: 300 },
    );
    extra.actions = [execute('Approve', 'tap.approve', req.id), execute('Reject', 'tap.reject', req.id)];
  } else if (opts.view === 'approver' && req.status === 'failed') {
    extra.actions = [execute('Retry', 'tap.retry', req.id)];
  }
  if (open || req.status === 'approved' || req.status === 'waiting') {
    extra.refresh = {
      action: { type: 'Action.Execute', verb: 'tap.refresh', data: { requestId: req.id } },
      userIds: opts.refreshUserIds.slice(0, 60),
    };
  }
  return adaptiveCard(body, extra);
}

/** Universal Action, with an Action.Submit fallback for Teams clients that predate Universal Actions. */
function execute(title: string, verb: string, requestId: string): Element {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { requestId },
    fallback: { type: 'Action.Submit', title, data: { verb, requestId } },
  };
}

function statusBanner(req: TapRequest): Element {
  const by = md(req.decidedBy?.name ?? 'an approver');
  switch (req.status) {
    case 'pending':
      return banner(`Waiting for approval (until ${formatUtc(req.expiresAt)}).`, 'accent');
    case 'approved':
      return banner(`Approved by ${by}; creating the pass…`, 'accent');
    case 'waiting':
      return banner(
        `Approved by ${by}; waiting for Microsoft Graph, next try at ${formatUtc(req.nextTryAt)} (until ${formatUtc(req.expiresAt)}).`,
        'warning',
      );
    case 'issued':
      return banner(
        `Approved by ${by}, TAP valid until ${formatUtc(req.tapValidUntil)}. The pass went to ${md(req.requester.name)} in a private chat.`,
        'good',
      );
    case 'failed':
      return banner(
        `Approved by ${by}, but the pass was not created: ${md(req.failureReason)} An approver can retry until ${formatUtc(req.expiresAt)}.`,
        'attention',
      );
    case 'rejected':
      return banner(`Rejected by ${by}${req.rejectReason ? `: ${md(req.rejectReason)}` : '.'}`, 'warning');
    case 'refused':
      return banner(`Refused by the checks: ${md(req.failureReason)}`, 'warning');
    case 'held':
      return banner('Held: waiting for Microsoft Graph to answer the checks.', 'accent');
    default:
      return req.decidedBy
        ? banner(
            `Approved by ${by}, but Microsoft Graph didn't recover in time, so no pass was created. Ask again with \`tap\`.`,
            'warning',
          )
        : banner('Expired: nobody decided in time. Ask again with `tap` if it is still needed.', 'warning');
  }
}
