import {
  checkMessage,
  contactMarkdown,
  escapeCardText,
  fillMarkdown,
  fillPlain,
  MAX_MESSAGE,
  normaliseMessage,
} from '../../src/features/notify/compose';
import { DIGEST_NAMES, renderNotice } from '../../src/features/notify/notice-card';
import { cardText } from '../helpers/card-text';
import { cardProblems } from '../helpers/validate-card';

const incident = { id: 'EN1032117', title: "Users can't set up MFA" };

/** What Teams would render from card markdown, minus the formatting: every backslash escape resolved. */
const shown = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

describe('notify messages: checks', () => {
  it('accepts plain text with {name} and {incident} in any case', () => {
    expect(checkMessage('  Hi {Name},   MFA setup is down ({INCIDENT}).  ')).toEqual({
      ok: true,
      message: 'Hi {Name}, MFA setup is down ({INCIDENT}).',
    });
  });

  it('refuses an empty message, one over 1,000 characters, and an unknown placeholder', () => {
    expect(checkMessage('   ')).toMatchObject({ ok: false, problem: expect.stringMatching(/Add the message/) });
    expect(checkMessage('x'.repeat(MAX_MESSAGE))).toMatchObject({ ok: true });
    expect(checkMessage('x'.repeat(MAX_MESSAGE + 1))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/1,001 characters; keep it to 1,000/),
    });
    // Characters, not UTF-16 units: 1,000 emoji are 1,000 characters.
    expect(checkMessage('🔒'.repeat(MAX_MESSAGE))).toMatchObject({ ok: true });
    expect(checkMessage('Hi {nmae}')).toMatchObject({ ok: false, problem: expect.stringContaining('"{nmae}"') });
  });

  it('decodes the entities Teams sends for what was typed, once', () => {
    expect(normaliseMessage('a &lt;b&gt; &amp;amp; &quot;c&quot; &#39;d&#39;')).toBe(`a <b> &amp; "c" 'd'`);
  });
});

describe('notify messages: filling in and escaping', () => {
  it('fills {name} and {incident}, or names the problem in plain words without an incident', () => {
    expect(fillPlain('Hi {name}: {incident}.', { name: 'Nina', incident })).toBe("Hi Nina: EN1032117 (Users can't set up MFA).");
    expect(fillPlain('About {incident}', { name: 'Nina' })).toBe('About the current sign-in problem');
  });

  it.each([
    ['bold and italic', '**urgent** _now_ ~gone~', '\\*\\*urgent\\*\\* \\_now\\_ \\~gone\\~'],
    ['a link and an image', '[click](https://evil.example) ![x](y)', '\\[click\\]\\(https://evil.example\\) !\\[x\\]\\(y\\)'],
    ['HTML and a mention', '<b>hi</b> <at>Everyone</at>', '\\<b\\>hi\\</b\\> \\<at\\>Everyone\\</at\\>'],
    ['code and a backslash', '`rm -rf` C:\\temp', '\\`rm -rf\\` C:\\\\temp'],
  ])('neutralises %s', (_what, typed, escaped) => {
    const md = fillMarkdown(typed, { name: 'x' });
    expect(md).toBe(escaped);
    expect(shown(md)).toBe(typed);
  });

  it.each(['- a list', '+ a list', '# a heading', '1. a numbered list', '> a quote'])('keeps "%s" from starting a block', (typed) => {
    const md = fillMarkdown(typed, { name: 'x' });
    expect(md).not.toBe(typed);
    expect(shown(md)).toBe(typed);
  });

  it('escapes a filled-in directory name on its own: a name cannot format the message either', () => {
    const md = fillMarkdown('Hi {name}, see {incident}', { name: '*Bob* [x](y)', incident: { id: 'EN1', title: '<b>t</b>' } });
    expect(md).toBe('Hi \\*Bob\\* \\[x\\]\\(y\\), see EN1 \\(\\<b\\>t\\</b\\>\\)');
    expect(shown(md)).toBe('Hi *Bob* [x](y), see EN1 (<b>t</b>)');
  });

  it('shows the helpdesk contact as a link when it is an https, tel: or mailto: address, else as typed', () => {
    expect(contactMarkdown('https://aka.ms/contoso-helpdesk')).toBe('[https://aka.ms/contoso-helpdesk](https://aka.ms/contoso-helpdesk)');
    expect(contactMarkdown('tel:+14255550100')).toBe('[+14255550100](tel:+14255550100)');
    expect(contactMarkdown('+1 425 555 0100 (ext. 7)')).toBe('+1 425 555 0100 \\(ext. 7\\)');
    expect(contactMarkdown('javascript:alert(1)')).toBe('javascript:alert\\(1\\)');
    expect(escapeCardText('a_b')).toBe('a\\_b');
  });
});

describe('notify messages: the notice card', () => {
  const base = {
    template: 'Hi {name}, MFA setup is down ({incident}). Call us.',
    name: 'Nina Newhire',
    incident,
    sender: 'Hank Helpdesk',
    contact: '+1 425 555 0100',
  };

  it('says what happened, who sent it for the helpdesk and how to reach it', () => {
    const reply = renderNotice(base);
    expect(reply.kind).toBe('card');
    const card = reply.kind === 'card' ? reply.card : undefined;
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain("Hi Nina Newhire, MFA setup is down (EN1032117 (Users can't set up MFA)). Call us.");
    expect(text).toContain('Sent by Hank Helpdesk for the helpdesk. To reach the helpdesk: +1 425 555 0100');
    expect(reply.kind === 'card' && reply.summary).toBe(
      "Hi Nina Newhire, MFA setup is down (EN1032117 (Users can't set up MFA)). Call us.",
    );
  });

  it("a manager's digest names only the reports given, then the message", () => {
    const reply = renderNotice({
      ...base,
      name: 'Maria Manager',
      digest: { cohort: 'at-risk', reports: ['Nina Newhire', 'Rita Resetphone'] },
    });
    const text = cardText(reply.kind === 'card' ? reply.card : undefined);
    expect(text.split('\n')[0]).toBe("2 of your reports can't sign in once MFA is required and have no way to register it right now:");
    expect(text).toContain('- Nina Newhire\n- Rita Resetphone');
    expect(text).toContain('Hi Maria Manager, MFA setup is down');
  });

  it('a digest for a manager of thousands stays a card Teams takes', () => {
    const reports = Array.from({ length: 5_000 }, (_, i) => `Generated Person Number ${i}`);
    const reply = renderNotice({ ...base, digest: { cohort: 'unregistered', reports } });
    const card = reply.kind === 'card' ? reply.card : undefined;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain(`…and ${(5_000 - DIGEST_NAMES).toLocaleString('en-US')} more`);
  });
});
