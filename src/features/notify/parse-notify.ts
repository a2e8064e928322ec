import { firstWord } from '../../core/parse-command';
import { COHORTS, type Audience, type CohortName } from '../../domain/campaign';
import { notifyMessages } from './notify-messages';

export type NotifyRequest =
  | { kind: 'status' }
  | { kind: 'preview'; audience: Audience; cohort: CohortName; message?: string }
  | { kind: 'send'; audience: Audience; cohort: CohortName; message: string }
  | { kind: 'refused'; sentence: string };

/**
 * `notify status`, `notify preview [managers] <cohort> [<message>]`, `notify [managers] <cohort> <message>`.
 * Words are matched in any case; the message is everything after the cohort, as typed.
 */
export function parseNotify(args: string): NotifyRequest {
  let [word, rest] = firstWord(args.trim());
  if (!word) return { kind: 'refused', sentence: notifyMessages.usage() };
  if (word.toLowerCase() === 'status' && !rest) return { kind: 'status' };
  const preview = word.toLowerCase() === 'preview';
  if (preview) [word, rest] = firstWord(rest);
  let audience: Audience = 'people';
  if (word.toLowerCase() === 'managers') {
    audience = 'managers';
    [word, rest] = firstWord(rest);
  }
  if (!word) return { kind: 'refused', sentence: notifyMessages.usage() };
  const cohort = COHORTS.find((c) => c === word.toLowerCase());
  if (!cohort) return { kind: 'refused', sentence: notifyMessages.unknownCohort(word) };
  if (preview) return rest ? { kind: 'preview', audience, cohort, message: rest } : { kind: 'preview', audience, cohort };
  if (!rest) return { kind: 'refused', sentence: notifyMessages.messageMissing() };
  return { kind: 'send', audience, cohort, message: rest };
}
