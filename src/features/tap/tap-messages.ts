import { describeLifetime, formatUtc, listNames, truncate } from '../../core/format';
import type { TapRequest } from '../../domain/tap-request';

/** Every sentence of the TAP approval flow. Plain, specific, one sentence where possible. */
export const tapMessages = {
  usage: () => "Usage: tap <user> <reason>, for example: tap bob new phone, can't sign in. The reason is required.",
  disabled: (name: string) => `${name}'s account is disabled, so a Temporary Access Pass wouldn't let them in; enable the account first.`,
  policyOff: () =>
    "Temporary Access Pass is turned off in this tenant's authentication methods policy, so I can't issue one; an admin can enable it in Entra (Protection → Authentication methods).",
  privileged: (name: string) =>
    `${name} holds an admin role, and I don't issue Temporary Access Passes for admins through chat; ask a Privileged Authentication Administrator to do it in the Entra admin center.`,
  privilegeUnknown: (name: string) =>
    `I couldn't check whether ${name} holds an admin role, so I won't request a pass for them right now; try again in a few minutes.`,
  self: () => "You can't request a Temporary Access Pass for yourself; ask a colleague on the helpdesk to request it for you.",
  alreadyPending: (r: TapRequest) =>
    r.status === 'failed'
      ? `A TAP request for ${r.target.name} (asked by ${r.requester.name}) was approved but the pass couldn't be created; an approver can retry it from the card until ${formatUtc(r.expiresAt)}, so ask them to, or ask again after that.`
      : r.status === 'approved'
        ? `A TAP for ${r.target.name} was just approved and is being issued to ${r.requester.name}.`
        : `There's already a pending TAP request for ${r.target.name} (asked by ${r.requester.name}, waiting until ${formatUtc(r.expiresAt)}); wait for that decision first.`,
  rateLimited: (limit: number) =>
    `You've made ${limit} TAP requests in the last hour, which is the limit; try again later or ask a colleague.`,
  noIdentity: () =>
    "I can't tell who you are in Microsoft Entra, so I can't take a TAP request from you; use Teams signed in with your work account.",
  noApprovers: (name: string) =>
    `Nobody can approve a pass for ${name}: they have no manager in the directory and the approver group has nobody else in it, so ask an admin to set their manager or APPROVER_GROUP_ID.`,
  requested: (r: TapRequest, reached: string[], unreached: string[]) => {
    const parts = [
      `I asked ${listNames(reached.length ? reached : unreached)} to approve a ${describeLifetime(r.lifetimeMinutes)} Temporary Access Pass for ${r.target.name}; you'll get the pass in a private chat with me once it's approved.`,
    ];
    if (reached.length && unreached.length)
      parts.push(`I couldn't reach ${listNames(unreached)} privately, so I mentioned them on the card here.`);
    if (!reached.length) parts.push("I couldn't reach them privately, so they can decide on the card here.");
    if (r.existingTapUntil)
      parts.push(`Note: ${r.target.name} already holds a usable TAP until ${formatUtc(r.existingTapUntil)}; a new one replaces it.`);
    return parts.join(' ');
  },
  rejected: (r: TapRequest) =>
    `${r.decidedBy?.name ?? 'An approver'} rejected the TAP request for ${r.target.name}${r.rejectReason ? `: "${truncate(r.rejectReason, 200)}"` : '.'}`,
  expired: (r: TapRequest) =>
    r.decidedBy
      ? `${r.decidedBy.name} approved the TAP for ${r.target.name}, but Microsoft Graph didn't recover in time to create it, so there is no pass; ask again with \`tap\` once it's back.`
      : r.heldTerm
        ? `I held your TAP request for "${r.heldTerm}" while Microsoft Graph was failing, and it didn't recover in time, so I've dropped it; ask again with \`tap\` once it's back.`
        : `The TAP request for ${r.target.name} expired without a decision; ask again with \`tap\` if it's still needed.`,
  held: (term: string, hours: number) =>
    `Microsoft Graph isn't answering, so I can't check a TAP request for "${truncate(term, 80)}" right now. I'll check it and send it to the approvers as soon as Microsoft Graph answers (for up to ${hours} hours), and tell you here.`,
  pending: (r: TapRequest) =>
    `Microsoft Graph answered: I checked your TAP request for ${r.target.name} and asked ${listNames(r.approvers.map((a) => a.name))} to approve it; you'll get the pass in a private chat with me once it's approved.`,
  refused: (r: TapRequest) =>
    `Microsoft Graph answered and I checked your TAP request for "${r.heldTerm ?? r.target.name}": ${r.failureReason ?? ''}`.trim(),
  waiting: (r: TapRequest) =>
    `${r.decidedBy?.name ?? 'An approver'} approved the TAP for ${r.target.name}, but Microsoft Graph is failing, so I couldn't create it yet. I'll keep trying (next at ${formatUtc(r.nextTryAt)}) until ${formatUtc(r.expiresAt)} and send you the pass here when it works.`,
  failed: (r: TapRequest) =>
    `${r.decidedBy?.name ?? 'An approver'} approved the TAP for ${r.target.name}, but it wasn't created: ${r.failureReason} The approver can retry from the card.`,
  /** The only message that carries the code: sent to the requester's 1:1 chat, nowhere else. */
  pass: (r: TapRequest, code: string, validUntil: string, lifetimeMinutes: number, once: boolean) =>
    [
      `Temporary Access Pass for **${r.target.name}** (${r.target.upn}), approved by ${r.decidedBy?.name ?? 'an approver'}:`,
      '',
      `\`${code}\``,
      '',
      `Valid until ${formatUtc(validUntil)} (${describeLifetime(lifetimeMinutes)}, ${once ? 'one-time use' : 'multi-use'}); it replaces any earlier pass.`,
      `Give it to ${r.target.name} yourself, by phone or in person after checking it's them, not by email or in a channel. ` +
        "They sign in with it at https://aka.ms/mysecurityinfo and register Microsoft Authenticator or a passkey straight away. I won't show this code again.",
    ].join('\n'),
  passUndeliverable: (requester: string) =>
    `I couldn't open a private chat with ${requester} to hand over the pass, so I deleted it; they should start a chat with me, then an approver can retry.`,
  stuckWhileIssuing: () => "the bot stopped while creating the pass, so it may not exist; I'll make a fresh one.",
  reasonTooLong: () => 'Keep the reason under 500 characters.',
  missingRequestId: () => 'This card is missing its TAP request id.',
  requestGone: () => "I can't find this TAP request any more.",
  refusedRequester: () => 'You asked for this pass, so someone else has to approve it.',
  refusedTarget: () => "This pass is for you, so you can't decide on it.",
  refusedNotApprover: (names: string) => `Only the approvers of this request (${names}) can decide on it.`,
  badLifetime: (min: number, max: number) => `Pick a lifetime between ${min} and ${max} minutes.`,
};

/** Graph's failure on creating a pass, as a sentence a helpdesk agent can act on (never echoing a code). */
export function creationFailureReason(status: number | undefined, graphMessage: string | undefined): string {
  if (status === undefined) return "Microsoft Graph didn't answer in time; this is on Microsoft's side.";
  if (status === 401 || status === 403)
    return "the bot isn't allowed to create passes; an admin must grant it UserAuthenticationMethod.ReadWrite.All.";
  if (status === 429) return 'Microsoft Graph is throttling requests right now.';
  if (status === 400 || status === 409)
    return `Microsoft Graph refused it: ${truncate(String(graphMessage ?? 'bad request').replace(/\s+/g, ' '), 200)}`.replace(
      /([^.])$/,
      '$1.',
    );
  if (status === 404) return 'Microsoft Graph no longer knows this user.';
  return `Microsoft Graph failed with HTTP ${status}; this is on Microsoft's side.`;
}
