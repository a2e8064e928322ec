import { truncate } from '../../core/format';

/** Every sentence of `report` and the runbook buttons on incident cards. */
export const incidentMessages = {
  reportBadId: () =>
    'Give the incident id as Microsoft shows it, e.g. `report EN123456`, or just `report` for the latest identity incident.',
  reportUnknown: (id: string) =>
    `I have no record of an incident "${truncate(id, 64)}". I only know incidents seen since I was set up (and keep them 30 days).`,
  reportNone: () => 'There has been no identity incident in the last 30 days, so there is nothing to report.',
  reportNotIdentity: (id: string) => `${id} is not an identity incident; reports cover MFA and sign-in incidents only.`,
  reportLinkSent: () => 'I sent you the link to the Markdown report in a private chat.',
  runbookNoIncident: () => 'This card names no identity incident I know of.',
  runbookNotHelpdesk: () => 'Only members of the helpdesk group can run the runbook steps. Ask an admin to add you if you need it.',
};
