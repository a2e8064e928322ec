import { randomBytes } from 'node:crypto';
import type { CommandInput } from '../core/turn';
import { text, type Reply } from '../core/reply';
import { isBotError } from '../domain/errors';
import { messages } from './messages';
import type { Services } from '../services';

/** Longer than this and the user first hears that the work started. */
export const PROGRESS_AFTER_MS = 2000;
/** The progress message is rewritten at most this often: Teams limits updates per conversation. */
export const PROGRESS_EVERY_MS = 5000;

type Outcome = { ok: true; replies: Reply[] } | { ok: false; error: unknown };
/** Work calls this with a sentence saying how far it got; the latest one is what the user sees. */
export type ReportProgress = (sentence: string) => void;

/**
 * Runs slow work without leaving the user in silence: a quick result is the reply; a slow one gets a
 * "started" message now, kept up to date with what the work reports, and replaced in place by the result
 * (or by one plain sentence if it failed).
 */
export async function withProgress(
  input: CommandInput,
  services: Services,
  started: string,
  work: (progress: ReportProgress) => Promise<Reply | Reply[]>,
  afterMs = PROGRESS_AFTER_MS,
): Promise<Reply[]> {
  let latest = started;
  // Set once the message exists; until then the newest sentence is only remembered.
  const listener: { onProgress?: () => void } = {};
  const job: Promise<Outcome> = work((sentence) => {
    latest = sentence;
    listener.onProgress?.();
  }).then(
    (reply) => ({ ok: true as const, replies: Array.isArray(reply) ? reply : [reply] }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<undefined>((resolve) => {
    timer = services.clock.setTimeout(() => resolve(undefined), afterMs);
  });
  const quick = await Promise.race([job, slow]);
  services.clock.clearTimeout(timer);
  if (quick) return settle(quick);

  const ref = input.conversation.reference;
  let activityId: string;
  try {
    activityId = (await services.notifier.send(ref, text(latest))).activityId;
  } catch (err) {
    services.logger.warn({ err }, 'could not post the progress message; answering when done');
    return settle(await job);
  }
  // One update in flight at a time, at most every PROGRESS_EVERY_MS, always showing the newest sentence.
  let shown = latest;
  let updating: Promise<void> = Promise.resolve();
  let lastUpdate = services.clock.now();
  let pendingTimer: NodeJS.Timeout | undefined;
  let done = false;
  const push = () => {
    pendingTimer = undefined;
    if (done || latest === shown) return;
    const sentence = latest;
    updating = updating.then(async () => {
      if (done) return;
      lastUpdate = services.clock.now();
      shown = sentence;
      await services.notifier
        .update(ref, activityId, text(sentence))
        .catch((err: unknown) => services.logger.debug({ err }, 'could not update the progress message'));
    });
  };
  listener.onProgress = () => {
    if (pendingTimer || done) return;
    pendingTimer = services.clock.setTimeout(push, Math.max(0, lastUpdate + PROGRESS_EVERY_MS - services.clock.now()));
  };
  listener.onProgress();
  void services.background.track(
    job.then(async (outcome) => {
      done = true;
      services.clock.clearTimeout(pendingTimer);
      await updating;
      const [first, ...rest] = outcome.ok ? outcome.replies : [text(failureSentence(outcome.error, services))];
      // A command that had nothing more to say (it answered through its own progress message) leaves this one as is.
      if (!first) return;
      try {
        await services.notifier.update(ref, activityId, first);
      } catch (err) {
        services.logger.warn({ err }, 'could not update the progress message; posting the result instead');
        await services.notifier.send(ref, first).catch((e: unknown) => services.logger.error({ err: e }, 'could not post the result'));
      }
      for (const more of rest)
        await services.notifier.send(ref, more).catch((e: unknown) => services.logger.error({ err: e }, 'could not post a reply'));
    }),
  );
  return [];
}

function settle(outcome: Outcome): Reply[] {
  if (outcome.ok) return outcome.replies;
  throw outcome.error; // the dispatcher turns it into one sentence
}

function failureSentence(error: unknown, services: Services): string {
  if (isBotError(error)) return error.userMessage;
  const ref = randomBytes(3).toString('hex');
  services.logger.error({ err: error, ref }, 'background command failed unexpectedly');
  return messages.unexpected(ref);
}
