import { randomBytes } from 'node:crypto';
import { isBotError } from '../domain/errors';
import { messages } from '../kit/messages';
import type { Services } from '../services';
import { findCommand } from './command-table';
import type { CommandInput } from '../core/turn';
import { logTenantRefusal, tenantProblem } from './home-tenant';
import { parseCommand } from '../core/parse-command';
import { rememberPerson } from './remember-person';
import { text, type Reply } from '../core/reply';
import { withProgress } from '../kit/with-progress';
import { noteCommand } from '../telemetry/telemetry';

/** Teams users see nothing until the first reply; after this long they hear the bot is still at it. */
const STILL_TRYING_AFTER_MS = 3_500;

/**
 * One message in, replies out: 1. parse, 2. find the command, 3. check who asks,
 * 4. run it, 5. turn failures into one plain sentence (and a reference id for the unexpected).
 */
export async function dispatch(messageText: string, input: Omit<CommandInput, 'args'>, services: Services): Promise<Reply[]> {
  const { verb, args } = parseCommand(messageText);
  const command = verb ? findCommand(verb) : undefined;
  // Telemetry names only the bot's own commands: what someone typed never leaves the bot.
  const name = command?.name ?? (verb ? 'unknown' : 'none');
  const tenant = tenantProblem(input.conversation, services.config);
  if (tenant) {
    logTenantRefusal(tenant, input.conversation, services.logger);
    noteCommand(name, 'refused', { reason: tenant === 'mismatch' ? 'tenant-mismatch' : 'foreign-tenant' });
    return [text(messages.foreignTenant())];
  }
  await rememberPerson(input.requester, input.conversation, services);
  if (!verb || !command) {
    noteCommand(name, 'answered');
    return [text(verb ? messages.unknownCommand(verb) : messages.empty())];
  }
  try {
    if (command.access === 'helpdesk' && !services.helpdesk.open) {
      if (!input.requester.aadObjectId) {
        noteCommand(name, 'refused', { reason: 'no-identity' });
        return [text(messages.noIdentity(command.name))];
      }
      if (!(await services.helpdesk.allows(input.requester, { localOnly: command.localOnly }))) {
        services.logger.info({ command: command.name, requester: input.requester.aadObjectId }, 'refused: not in the helpdesk group');
        noteCommand(name, 'refused', { reason: 'not-helpdesk' });
        return [text(messages.notHelpdesk(command.name))];
      }
    }
    // However slow Graph is, the first reply comes within seconds: "still trying", replaced by the answer.
    const replies = await withProgress(
      { ...input, args },
      services,
      messages.stillTrying(),
      () => command.run({ ...input, args }, services),
      STILL_TRYING_AFTER_MS,
    );
    noteCommand(name, replies.length ? 'answered' : 'still-trying');
    return replies;
  } catch (error) {
    if (isBotError(error)) {
      services.logger.info({ command: command.name, code: error.code }, 'command ended with a known error');
      noteCommand(name, 'failed', { error: error.code });
      return [text(error.userMessage)];
    }
    const ref = randomBytes(3).toString('hex');
    services.logger.error({ err: error, ref, command: command.name }, 'command failed unexpectedly');
    noteCommand(name, 'failed', { error: 'unexpected' });
    return [text(messages.unexpected(ref))];
  }
}
