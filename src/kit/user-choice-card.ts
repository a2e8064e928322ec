import type { AdaptiveCard } from '../core/reply';
import type { DirectoryUser } from '../domain/directory-types';
import { adaptiveCard, textBlock } from './card-parts';

/** Several directory matches: one button each, which sends `<verb> <upn> <rest>` back as if typed. */
export function renderUserChoiceCard(prompt: string, verb: string, users: DirectoryUser[], rest = ''): AdaptiveCard {
  return adaptiveCard([textBlock(prompt)], {
    actions: users.map((u) => {
      const command = [verb, u.userPrincipalName, rest].filter(Boolean).join(' ');
      return {
        type: 'Action.Submit',
        title: `${u.displayName} (${u.userPrincipalName})`.slice(0, 80),
        data: { msteams: { type: 'messageBack', text: command, displayText: command }, command },
      };
    }),
  });
}
