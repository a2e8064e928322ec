import { describeDuration } from '../../src/core/format';
import { remainingMs, type ScanProgress } from '../../src/domain/scan-result';
import { notifyMessages } from '../../src/features/notify/notify-messages';
import { scanMessages } from '../../src/features/scans/scan-messages';
import { impactMessages } from '../../src/features/impact/impact-messages';
import { messages } from '../../src/kit/messages';
import { cardOf } from './card-text';
import type { ConnectorCall } from './connector-stand-in';
import type { Sent, TestBot } from './test-bot';

type Scan = 'audit' | 'lockout review' | 'cohort count';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every sentence a slow `audit` or `lockout` may show in its progress message (the "started" sentence,
 * then `scanMessages.scanProgress` as the scan goes), as one pattern built from the messages modules themselves: each
 * form is rendered with marker numbers, which become "any number" (and the time left "any duration").
 */
export function progressPattern(what: Scan): RegExp {
  const users = 111_111;
  const total = 222_222;
  const taps = 33;
  const report = { phase: 'report' as const, usersRead: users, startedAt: 0 };
  const withEta = { ...report, pagesRead: 2, pageSize: 1000, totalUsers: total, at: 2000 };
  const samples: ScanProgress[] = [
    { ...report, pagesRead: 1, at: 1000 },
    { ...report, pagesRead: 1, pageSize: 1000, totalUsers: total, at: 1000 },
    withEta,
    { phase: 'taps', usersRead: users, tapsToConfirm: 1 },
    { phase: 'taps', usersRead: users, tapsToConfirm: taps },
  ];
  const holes: Array<[string, string]> = [
    [users.toLocaleString('en-US'), '[\\d,]+'],
    [total.toLocaleString('en-US'), '[\\d,]+'],
    [` ${taps} `, ' [\\d,]+ '],
    [describeDuration(remainingMs(withEta)!), '[^;()]+'],
  ];
  const forms = samples.map((p) =>
    holes.reduce((re, [marker, any]) => re.split(escape(marker)).join(any), escape(scanMessages.scanProgress(what, p))),
  );
  const started =
    what === 'audit' ? scanMessages.auditStarted() : what === 'cohort count' ? notifyMessages.counting() : scanMessages.lockoutStarted();
  return new RegExp(`^(?:${[escape(started), ...forms].join('|')})$`);
}

/** Every sentence a slow `impact` may show: the "started" sentence with its window, then how far the reading got. */
export function impactProgressPattern(): RegExp {
  const sample = { codesRead: 7_777, codes: 8_888, failures: 999_999, requestsLeft: 55 };
  const holes: Array<[string, string]> = [
    ['7777', '\\d+'],
    ['8888', '\\d+'],
    ['999,999', '[\\d,]+'],
    [describeDuration(55 * 2_000), '[^.]+'],
  ];
  const forms = (['failures', 'successes', 'per-user'] as const).flatMap((phase) =>
    [sample, { ...sample, requestsLeft: 0 }].map((p) =>
      holes.reduce((re, [marker, any]) => re.split(escape(marker)).join(any), escape(impactMessages.impactProgress({ ...p, phase }))),
    ),
  );
  const started = escape(impactMessages.impactStarted('SPAN')).replace('SPAN', '.+');
  return new RegExp(`^(?:${[started, ...forms].join('|')})$`);
}

/** Any command slower than a few seconds first says it is still trying (the dispatcher's progress message). */
const STILL_TRYING = new RegExp(`^${escape(messages.stillTrying())}$`);
const PROGRESS = [
  STILL_TRYING,
  progressPattern('audit'),
  progressPattern('lockout review'),
  progressPattern('cohort count'),
  impactProgressPattern(),
];
const isProgress = (call: ConnectorCall) => !cardOf(call) && PROGRESS.some((re) => re.test(call.body?.text ?? ''));

export interface Answer {
  /** The bot's final word: its (last) direct reply, or the last version of its progress message. */
  final: ConnectorCall;
  /** What the bot had posted into the conversation since the message: the replies, or the progress message first. */
  posted: ConnectorCall[];
  /** Set when the work was slow: the progress message as first posted (its id is the one the updates name). */
  progress?: ConnectorCall;
  /** The progress sentences the message showed before the result replaced it, in order. */
  shown: string[];
}

/**
 * How the bot answered a message, once it has finished: a quick command's replies; a slow one's progress message
 * (its first message in the conversation: "still trying", or a scan's progress) and that message's last update, the
 * result, once it is no longer a progress sentence. A progress message names no activity it answers, so commands
 * sent at once must each have a conversation of their own.
 */
export async function finalAnswer(t: TestBot, sent: Sent, timeoutMs = 45_000): Promise<Answer> {
  const conversationId = sent.activity.conversation.id;
  const posted = t.connector.calls
    .slice(sent.since)
    .filter((c) => c.method === 'POST' && c.status < 300 && c.conversationId === conversationId && c.body?.type === 'message');
  if (posted.length === 0) throw new Error('the bot did not answer');
  if (!isProgress(posted[0])) return { final: posted[posted.length - 1], posted, shown: [] };
  // Slow: the result replaces the progress message (what the command posts on its own meanwhile, a TAP request's
  // tracking card say, comes as messages of its own).
  const progress = posted[0];
  const updates = () => t.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === progress.id && c.status < 300);
  await t.connector.waitFor(() => updates().some((c) => !isProgress(c)), timeoutMs);
  const all = updates();
  const final = all.find((c) => !isProgress(c))!;
  if (all[all.length - 1] !== final) throw new Error('the progress message was updated again after the result replaced it');
  return { final, posted, progress, shown: [progress, ...all.slice(0, -1)].map((c) => c.body.text as string) };
}

/**
 * The card the bot finally answered with (see finalAnswer): its only reply, or its progress message's result.
 * A sentence instead of a card fails with that sentence.
 */
export async function finalCard(t: TestBot, sent: Sent, timeoutMs?: number): Promise<{ card: any } & Answer> {
  const answer = await finalAnswer(t, sent, timeoutMs);
  if (!answer.progress && answer.posted.length !== 1) throw new Error(`expected one reply, got ${answer.posted.length}`);
  const card = cardOf(answer.final);
  if (!card) throw new Error(`expected a card, the bot answered: ${answer.final.body?.text}`);
  return { card, ...answer };
}
