import { renderLockoutCard } from '../cards/lockout-card';
import { renderLockoutUserCard } from '../cards/lockout-user-card';
import type { CommandInput } from '../core/turn';
import { card, type Reply } from '../core/reply';
import { GraphFailure } from '../domain/errors';
import type { Services } from '../services';
import { scanTenant } from './enrolment-scan';
import { findOne } from './find-user';
import { gatherStatus } from './status';
import { withProgress } from './with-progress';
import { messages } from '../messages';

/** `lockout`: the tenant-wide review; `lockout <user>`: one person explained. */
export async function runLockout(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (term) return explainOne(term, services);
  return withProgress(input, services, messages.lockoutStarted(), async () => {
    const scan = await scanTenant(services, { csv: false, needPolicies: true });
    return card(renderLockoutCard(scan, services.config.NEW_HIRE_DAYS), `Lockout review: ${scan.tally.atRisk.count} users at risk`);
  });
}

async function explainOne(term: string, services: Services): Promise<Reply[]> {
  const found = await findOne(term, 'lockout', services);
  if ('reply' in found) return [found.reply];
  const [status, names] = await Promise.all([gatherStatus(found.user, services), membershipNames(found.user.id, services)]);
  return [
    card(
      renderLockoutUserCard(status, services.clock.now(), services.config.NEW_HIRE_DAYS, names),
      `Lockout check for ${found.user.displayName}`,
    ),
  ];
}

/** Group and role names for the "excluded through …" lines; ids are shown if this read fails. */
async function membershipNames(userId: string, services: Services): Promise<Map<string, string>> {
  try {
    return await services.directory.getMembershipNames(userId);
  } catch (e) {
    if (!(e instanceof GraphFailure)) throw e;
    return new Map();
  }
}
