import { CsvFile } from '../../exports/csv-file';
import type { ImpactResult } from './sign-in-impact';
import type { Services } from '../../services';
import { MEANING_WORDS } from './impact-card';

const HEADER = [
  'id',
  'userPrincipalName',
  'displayName',
  'errorCode',
  'meaning',
  'failedAttempts',
  'lastFailure',
  'application',
  'atRisk',
  'newHire',
];

/** Everyone blocked, one row each, for the helpdesk to work through; returns the export's ref. */
export async function writeImpactCsv(
  services: Services,
  result: ImpactResult,
  atRisk: Set<string> | undefined,
  newHires: Set<string> | undefined,
): Promise<string> {
  const csv = new CsvFile(services.downloads.newFile(), HEADER);
  const flag = (set: Set<string> | undefined, id: string) => (set ? (set.has(id.toLowerCase()) ? 'yes' : 'no') : 'unknown');
  try {
    for (const u of result.blocked)
      await csv.write([
        u.id,
        u.upn,
        u.name,
        u.code,
        MEANING_WORDS[u.meaning],
        u.attempts,
        new Date(u.lastFailureAt).toISOString(),
        u.app,
        flag(atRisk, u.id),
        flag(newHires, u.id),
      ]);
    await csv.close();
    return csv.path;
  } catch (e) {
    await csv.discard();
    throw e;
  }
}
