import { describeDuration, describeLifetime, formatUtc, listNames, truncate } from './core/format';
import { remainingMs, type ScanProgress } from './domain/scan-result';
import type { TapRequest } from './domain/tap-request';

/**
 * Every sentence the bot says outside cards, in one place: plain, specific, no cheerleading.
 * Cards hold their own labels; anything a person reads as a reply, an error or a notice lives here.
 */
export const messages = {
  unknownCommand: (verb: string) => `I don't know "${truncate(verb, 40)}". Try help for the list, or status <user> to look someone up.`,
  empty: () => 'Say `help` to see what I can do.',
  usage: (usage: string) => `Usage: ${usage}`,
  notHelpdesk: (command: string) => `Only members of the helpdesk group can use \`${command}\`. Ask an admin to add you if you need it.`,
  noIdentity: (command: string) =>
    `I can't tell who you are in Microsoft Entra, so I can't let you use \`${command}\`. Try from Teams signed in with your work account.`,
  notFound: (term: string) => `I can't find "${truncate(term, 80)}" in the directory. Check the spelling, or use their sign-in address.`,
  pickOne: (term: string, count: number, more: boolean) =>
    `"${truncate(term, 80)}" matches ${more ? 'more than ' : ''}${count} people. Pick one, or type a full sign-in address.`,
  unexpected: (ref: string) => `Something went wrong on my side (ref ${ref}). The helpdesk admins can find the details in the bot's log.`,
  unknownService: (name: string, known: string[]) =>
    `Microsoft doesn't report a service called "${truncate(name, 60)}" for this tenant. Pick one of: ${known.join(', ')}.`,
  subscribed: (where: string, what: string, pollSeconds: number) =>
    `Subscribed: I'll post ${what} incidents and advisories in ${where} and update them as Microsoft does. Anything already open arrives within ${pollSeconds} seconds.`,
  notSubscribed: (where: string) =>
    `${where[0].toUpperCase()}${where.slice(1)} isn't subscribed to service health. Type \`subscribe\` to follow identity incidents.`,
  notSubscribedTo: (name: string, current: string[]) =>
    `This conversation doesn't follow "${truncate(name, 60)}". It follows: ${current.join(', ')}.`,
  unsubscribed: (where: string) => `Unsubscribed: no more incident posts in ${where}.`,
  unsubscribedFrom: (what: string) => `Unsubscribed from ${what}; the other subscriptions here stay.`,
  subscriptionList: (where: string, what: string[], active: boolean) =>
    `${where[0].toUpperCase()}${where.slice(1)} follows ${what.join(', ')}.${active ? '' : ' Posting is paused because the bot was removed here; add it back to resume.'}`,
  stillTrying: () => "Microsoft Graph is slow to answer; I'm still trying, and I'll put the answer here.",
  lastKnown: (at: number, now: number) =>
    `Microsoft Graph is failing; this is what I saw at ${formatUtc(at)} (${describeDuration(Math.max(0, now - at))} ago).`,
  graphDownNoLastKnown: (term: string, hours: number) =>
    `Microsoft Graph is failing, so I can't look up "${truncate(term, 80)}" right now, and I haven't looked them up in the last ${hours} hours. Try again once Microsoft recovers.`,
  tooLongForAUser: () => 'That name is too long to be a user. Type their sign-in address.',
  foreignTenant: () =>
    "I only work for the organisation that set me up, and this conversation belongs to another one, so I can't help here.",
  cardActionUnsupported: () => 'This card action is not supported by this version of mfa-bot.',
  cardActionFailed: (ref: string) => `Something went wrong on my side (ref ${ref}).`,
  /** The answer to an Action.Submit fallback click: the stored cards already show the outcome. */
  submittedActionDone: () => 'Done: the request cards show the decision.',
  auditStarted: () => "Reading the MFA registration report for every user. I'll update this message when the audit is done.",
  lockoutStarted: () => "Checking every user against the conditional access policies. I'll update this message when the review is done.",
  scanProgress: (what: 'audit' | 'lockout review' | 'cohort count', p: ScanProgress) => {
    if (p.phase === 'taps') {
      return `Almost done with the ${what}: ${p.usersRead.toLocaleString('en-US')} users read; confirming ${p.tapsToConfirm} Temporary Access Pass${p.tapsToConfirm === 1 ? '' : 'es'}.`;
    }
    const total = p.totalUsers ? ` of about ${p.totalUsers.toLocaleString('en-US')}` : '';
    const left = remainingMs(p);
    const eta =
      left === undefined
        ? ''
        : `; about ${describeDuration(left)} left (Microsoft limits how fast the report can be read, and lookups go first)`;
    return `Running the ${what}: ${p.usersRead.toLocaleString('en-US')}${total} users read from the MFA registration report${eta}. I'll update this message when it's done.`;
  },
  scanIncomplete: (graphSentence: string, usersRead: number) =>
    `${graphSentence} I had read ${usersRead} users of the registration report when it stopped, so I'm not showing any numbers: they would be incomplete. Run the command again once Graph answers.`,
  scanNoServiceHealth: () => 'I couldn\'t read service health, so "changed recently" means the last 24 hours.',
  scanNoPolicies: () => "I couldn't read the conditional access policies, so lockout risk isn't counted.",
  csvNoIdentity: () => "I can't tell who you are in Microsoft Entra, so I can't give you a download link.",
  csvNotDelivered: () =>
    'I could not message you privately, so the CSV link is not shown here. Run `audit` in a personal chat with me to get it.',
  downloadExpired: () => 'This download link has expired. Run `audit` again in Teams for a new one.',
  downloadInvalid: () => 'This download link is not valid.',
  downloadCannotCheck: () => "I can't confirm you're still in the helpdesk group right now. Try again in a few minutes.",
  downloadNotHelpdesk: () => 'This download is only for members of the helpdesk group.',
  /** The window `impact` reads, as a phrase: "since EN123 began (47 minutes ago)" or "for the last hour". */
  impactSpan: (minutes: number, incidentId?: string) =>
    incidentId ? `since ${incidentId} began (${describeDuration(minutes * 60_000)} ago)` : `for the last ${describeMinutes(minutes)}`,
  impactStarted: (span: string) =>
    `Reading the sign-in logs ${span}: who failed with a lockout code and hasn't signed in since. I'll update this message when it's done.`,
  impactProgress: (p: { codesRead: number; codes: number; failures: number; phase: string; requestsLeft: number }) => {
    const eta =
      p.requestsLeft > 0
        ? ` About ${describeDuration(p.requestsLeft * 2_000)} left (Graph allows 5 sign-in log reads per 10 seconds).`
        : '';
    if (p.phase === 'failures')
      return `Reading the sign-in logs: ${p.codesRead} of ${p.codes} error codes read, ${p.failures.toLocaleString('en-US')} failed sign-ins so far.${eta}`;
    if (p.phase === 'successes')
      return `Read ${p.failures.toLocaleString('en-US')} failed sign-ins; now checking who signed in successfully since.${eta}`;
    return `Checking, person by person, who signed in successfully after failing.${eta}`;
  },
  impactBadWindow: (error: 'not-a-number' | 'out-of-range') =>
    error === 'not-a-number'
      ? 'Give the window in whole minutes, e.g. `impact 90`, or just `impact` for since the incident began (else the last hour).'
      : 'The window is 1 to 1,440 minutes (24 hours). Try `impact 60`.',
  reportBadId: () =>
    'Give the incident id as Microsoft shows it, e.g. `report EN123456`, or just `report` for the latest identity incident.',
  reportUnknown: (id: string) =>
    `I have no record of an incident "${truncate(id, 64)}". I only know incidents seen since I was set up (and keep them 30 days).`,
  reportNone: () => 'There has been no identity incident in the last 30 days, so there is nothing to report.',
  reportNotIdentity: (id: string) => `${id} is not an identity incident; reports cover MFA and sign-in incidents only.`,
  reportLinkSent: () => 'I sent you the link to the Markdown report in a private chat.',
  runbookNoIncident: () => 'This card names no identity incident I know of.',
  runbookNotHelpdesk: () => 'Only members of the helpdesk group can run the runbook steps. Ask an admin to add you if you need it.',
  registrationDuringScan: (who: string) =>
    `${who}'s MFA registration report row isn't shown: the running scan is reading the report and hasn't reached them yet (Registered comes from their live methods).`,
  impactNoComparison: () => "couldn't run the lockout review to compare (see `lockout`)",
  csvLinkPrivate: (url: string, expiresAt: number, what = 'MFA audit CSV') =>
    `Your ${what}: ${url} (works until ${formatUtc(expiresAt)}; don't share it).`,
};

/** What a Graph failure means for the person who asked, naming what the bot was reading. */
export const graphMessages = {
  noAnswer: (part: string) =>
    `Microsoft Graph didn't answer while I was reading ${part}. This is on Microsoft's side; try again in a few minutes.`,
  throttled: (part: string) => `Microsoft Graph is throttling requests, so I couldn't read ${part} right now. Try again in a minute.`,
  forbidden: (part: string) =>
    `I'm not allowed to read ${part} in this tenant. An admin needs to grant the bot's Graph permission (details are in the bot's log).`,
  notFound: (part: string) => `Microsoft Graph has no record of ${part}.`,
  badRequest: (part: string) => `Microsoft Graph rejected my request for ${part}.`,
  failed: (part: string, status: number) =>
    `Microsoft Graph failed (HTTP ${status}) while I was reading ${part}. This is on Microsoft's side; try again in a few minutes.`,
  failingSince: (part: string, since: number) =>
    `Microsoft Graph has been failing since ${formatUtc(since)}, so I didn't wait on it for ${part}; I'll keep checking and it should work again once Microsoft recovers.`,
  tapCodeMissing: () => 'Microsoft Graph created the pass but did not return its code.',
};

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

const cohortWords: Record<'at-risk' | 'unregistered' | 'new-hires', { people: string; about: string }> = {
  'at-risk': { people: 'people at risk of lockout', about: "can't sign in once MFA is required and have no way to register it right now" },
  unregistered: { people: 'people not registered for MFA', about: "haven't registered for MFA" },
  'new-hires': { people: 'new hires not registered for MFA', about: "are new and haven't registered for MFA yet" },
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Every sentence of `notify`: the helpdesk's replies and refusals, and what the notices themselves say. */
export const notifyMessages = {
  usage: () =>
    'Usage: `notify preview [managers] <cohort>`, `notify [managers] <cohort> <message>` or `notify status`. Cohorts: at-risk, unregistered, new-hires. The message may use {name} and {incident}.',
  unknownCohort: (word: string) =>
    `"${truncate(word, 40)}" isn't a cohort I know. Pick at-risk (the lockout rule), unregistered or new-hires.`,
  messageMissing: () => 'Add the message to send after the cohort, for example: notify at-risk Hi {name}, MFA setup is down; call us.',
  messageTooLong: (length: number, max: number) =>
    `The message is ${length.toLocaleString('en-US')} characters; keep it to ${max.toLocaleString('en-US')}.`,
  unknownPlaceholder: (name: string) =>
    `I only fill in {name} and {incident}, so "{${truncate(name, 40)}}" would reach people as typed; fix it or drop the braces.`,
  noContact: () =>
    'Every notice says how to reach the helpdesk, and HELPDESK_CONTACT (a phone number or a link) is not set; ask an admin to set it first.',
  noIdentity: () =>
    "I can't tell who you are in Microsoft Entra, so I can't take a notify request from you; use Teams signed in with your work account.",
  counting: () => "Counting the recipients from the same scan as audit and lockout. I'll update this message when I know.",
  someone: () => 'a helpdesk member',
  noPolicies: () =>
    "I couldn't read the conditional access policies, so I can't tell who is at risk of lockout; try unregistered, or again in a few minutes.",
  nobody: (cohort: string) => `Nobody is in the ${cohort} cohort right now, so there is nothing to send.`,
  noManagers: (members: number) =>
    `None of the ${plural(members, 'person', 'people')} in that cohort has a manager in the directory, so there is nobody to send a digest to.`,
  needsSharedConversation: (count: number, over: number) =>
    `That is ${plural(count, 'recipient')}, and above ${over} a second helpdesk member must confirm too, which they can't do in a personal chat. Ask again in a channel or group chat with another helpdesk member.`,
  confirmCard: () => 'Nothing is sent yet: check the card, then press Send, or Cancel. It expires in 30 minutes if nobody confirms it.',
  confirmCardMissing: () => "I couldn't post the confirmation card here, so nothing will be sent; try again in a moment.",
  cardSummary: (count: number, status: string) => `Notice to ${plural(count, 'recipient')}: ${status}`,
  previewSummary: (count: number) => `Preview: ${plural(count, 'recipient')}`,
  statusSummary: () => 'Recent notify campaigns',
  refusedNotRequester: (name: string) => `Only ${name}, who asked for this campaign, can send or cancel it.`,
  refusedSecondIsRequester: () => 'You asked for this campaign, so the second confirmation has to come from another helpdesk member.',
  refusedAlreadySecond: (name: string) => `${name} already gave the second confirmation.`,
  refusedExpired: () => 'This campaign expired unconfirmed; nothing was sent. Ask again with notify.',
  refusedClosed: () => 'This campaign is no longer waiting for a confirmation.',
  refusedNotHelpdesk: () => 'Only members of the helpdesk group can confirm a notify campaign.',
  missingCampaignId: () => 'This card is missing its campaign id.',
  campaignGone: () => "I can't find this campaign any more.",
  /** What each notice ends with: who sent it and how to reach the helpdesk. */
  signature: (sender: string) => `Sent by ${sender} for the helpdesk. To reach the helpdesk:`,
  whyYou: () => "You're getting this because the helpdesk is contacting the people affected.",
  digestHeading: (count: number, cohort: 'at-risk' | 'unregistered' | 'new-hires') =>
    `${plural(count, 'of your reports', 'of your reports')} ${cohortWords[cohort].about}:`,
  digestMore: (more: number) => `…and ${more.toLocaleString('en-US')} more; the helpdesk has the full list.`,
  noticeSummary: (text: string) => truncate(text, 120),
  digestSummary: (count: number) => `The helpdesk about ${plural(count, 'of your reports', 'of your reports')}`,
  cohortPeople: (cohort: 'at-risk' | 'unregistered' | 'new-hires') => cohortWords[cohort].people,
  incidentFallback: () => 'the current sign-in problem',
  allClearDefault: () =>
    "The sign-in problem we told you about ({incident}) is resolved. You can sign in and set up MFA as usual again; if something still doesn't work, contact the helpdesk.",
};

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
