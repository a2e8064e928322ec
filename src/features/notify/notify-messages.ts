import { truncate } from '../../core/format';

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
