import { teamsText, toActivity } from '../../src/bot/to-activity';
import { NotifyError } from '../../src/ports/notifier';

describe('teamsText', () => {
  it('keeps placeholders visible: angle brackets and ampersands become entities', () => {
    expect(teamsText('Usage: status <user>')).toBe('Usage: status &lt;user&gt;');
    expect(teamsText('Q&A <script>alert(1)</script>')).toBe('Q&amp;A &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('leaves code spans and mention tags exactly as they are', () => {
    expect(teamsText('Your pass: `a<b&c>d`, keep it safe')).toBe('Your pass: `a<b&c>d`, keep it safe');
    expect(teamsText('<at>Maria Manager</at>, please approve <this>')).toBe('<at>Maria Manager</at>, please approve &lt;this&gt;');
  });

  it('applies to text replies, not to cards', () => {
    expect(toActivity({ kind: 'text', text: 'a <b>' }).text).toBe('a &lt;b&gt;');
    const card = { type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: '<x>' }] };
    expect(toActivity({ kind: 'card', card, summary: 's' }).attachments?.[0].content).toEqual(card);
  });
});

describe('which Bot Connector failures are retried', () => {
  const err = (status: number | undefined, code?: string) => new NotifyError(status, code, undefined, 'x');

  it('retries what Teams documents as transient, and nothing else', () => {
    for (const s of [412, 429, 502, 503, 504, undefined]) expect(err(s).retryable).toBe(true);
    for (const s of [400, 401, 403, 404, 413, 500]) expect(err(s).retryable).toBe(false);
  });

  it('knows when the bot is gone from a conversation for good', () => {
    expect(err(403, 'BotNotInConversationRoster').goneForGood).toBe(true);
    expect(err(404, 'ConversationNotFound').goneForGood).toBe(true);
    expect(err(403, 'NotEnoughPermissions').goneForGood).toBe(false);
  });
});
