import { randomBytes } from 'node:crypto';
import { isBotError } from '../domain/errors';
import { messages } from '../messages';
import type { Services } from '../services';
import { findCommand } from './command-table';
import type { CommandInput } from '../core/turn';
import { logTenantRefusal, tenantProblem } from './home-tenant';
import { parseCommand } from '../core/parse-command';
import { rememberPerson } from './remember-person';
import { text, type Reply } from '../core/reply';
import { withProgress } from '../handlers/with-progress';

/** Teams users see nothing until the first reply; after this long they hear the bot is still at it. */
const STILL_TRYING_AFTER_MS = 3_500;

/**
 * One message in, replies out: 1. parse, 2. find the command, 3. check who asks,
 * 4. run it, 5. turn failures into one plain sentence (and a reference id for the unexpected).
 */
export async function dispatch(messageText: string, input: Omit<CommandInput, 'args'>, services: Services): Promise<Reply[]> {
  const tenant = tenantProblem(input.conversation, services.config);
  if (tenant) {
    logTenantRefusal(tenant, input.conversation, services.logger);
    return [text(messages.foreignTenant())];
  }
  await rememberPerson(input.requester, input.conversation, services);
  const { verb, args } = parseCommand(messageText);
  if (!verb) return [text(messages.empty())];
  const command = findCommand(verb);
  if (!command) return [text(messages.unknownCommand(verb))];
  try {
    if (command.access === 'helpdesk' && !services.helpdesk.open) {
      if (!input.requester.aadObjectId) return [text(messages.noIdentity(command.name))];
      if (!(await services.helpdesk.allows(input.requester, { localOnly: command.localOnly }))) {
        services.logger.info({ command: command.name, requester: input.requester.aadObjectId }, 'refused: not in the helpdesk group');
        return [text(messages.notHelpdesk(command.name))];
      }
    }
    // However slow Graph is, the first reply comes within seconds: "still trying", replaced by the answer.
    return await withProgress(
      { ...input, args },
      services,
      messages.stillTrying(),
      () => command.run({ ...input, args }, services),
      STILL_TRYING_AFTER_MS,
    );
  } catch (error) {
    if (isBotError(error)) {
      services.logger.info({ command: command.name, code: error.code }, 'command ended with a known error');
      return [text(error.userMessage)];
    }
    const ref = randomBytes(3).toString('hex');
    services.logger.error({ err: error, ref, command: command.name }, 'command failed unexpectedly');
    return [text(messages.unexpected(ref))];
  }
}
