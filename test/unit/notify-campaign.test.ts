import { cancel, confirmSecond, deliveryDone, editMessage, isLapsed, pressSend, type Campaign } from '../../src/domain/campaign';
import { EnrolmentTally, type RegistrationRow } from '../../src/domain/enrolment-tally';
import type { ConditionalAccessPolicy } from '../../src/domain/directory-types';
import { parseNotify } from '../../src/features/notify/parse-notify';

const NOW = Date.parse('2025-03-02T10:00:00Z');
const hank = { id: 'hank-id', name: 'Hank Helpdesk' };
const hana = { id: 'hana-id', name: 'Hana Helpdesk' };

const base: Campaign = {
  id: 'c1',
  version: 1,
  kind: 'notice',
  audience: 'people',
  cohort: 'at-risk',
  message: 'Hi {name}',
  requester: { ...hank, teamsId: '29:hank' },
  origin: { ref: {}, kind: 'channel', conversationId: '19:x' },
  tenantId: 't',
  serviceUrl: 'https://smba.example/',
  recipientCount: 60,
  knownChats: 10,
  sample: [],
  needsSecond: false,
  status: 'awaiting',
  createdAt: NOW,
  expiresAt: NOW + 30 * 60_000,
};

describe('notify campaigns: who confirms what', () => {
  it('only the requester sends; then it starts at once when nobody else has to confirm', () => {
    expect(pressSend(base, hana.id, NOW)).toEqual({ ok: false, why: 'not-requester' });
    expect(pressSend(base, undefined, NOW)).toEqual({ ok: false, why: 'not-requester' });
    const sent = pressSend(base, 'HANK-ID', NOW + 1);
    expect(sent).toMatchObject({ ok: true, starts: true, next: { status: 'sending', confirmedAt: NOW + 1, version: 2 } });
  });

  it('above the threshold Send waits for a second helpdesk member, in either order, never the requester', () => {
    const big = { ...base, needsSecond: true };
    const pressed = pressSend(big, hank.id, NOW);
    expect(pressed).toMatchObject({ ok: true, starts: false, next: { status: 'awaiting', sendPressedAt: NOW } });
    expect(confirmSecond(big, hank, NOW)).toEqual({ ok: false, why: 'requester-is-second' });
    const both = confirmSecond(pressed.ok ? pressed.next : big, hana, NOW + 5);
    expect(both).toMatchObject({ ok: true, starts: true, next: { status: 'sending', second: { id: hana.id, at: NOW + 5 } } });

    const secondFirst = confirmSecond(big, hana, NOW);
    expect(secondFirst).toMatchObject({ ok: true, starts: false, next: { status: 'awaiting' } });
    const next = secondFirst.ok ? secondFirst.next : big;
    expect(confirmSecond(next, { id: 'carlos', name: 'Carlos' }, NOW)).toEqual({ ok: false, why: 'already-second' });
    expect(pressSend(next, hank.id, NOW)).toMatchObject({ ok: true, starts: true, next: { status: 'sending' } });
  });

  it('an unconfirmed campaign lapses after its time; nothing can be confirmed or cancelled then', () => {
    const late = base.expiresAt;
    expect(isLapsed(base, late - 1)).toBe(false);
    expect(isLapsed(base, late)).toBe(true);
    expect(pressSend(base, hank.id, late)).toEqual({ ok: false, why: 'expired' });
    expect(confirmSecond({ ...base, needsSecond: true }, hana, late)).toEqual({ ok: false, why: 'expired' });
    expect(cancel(base, hank, late)).toEqual({ ok: false, why: 'expired' });
  });

  it('only the requester cancels, and a campaign no longer waiting is closed to every click', () => {
    expect(cancel(base, hana, NOW)).toEqual({ ok: false, why: 'not-requester' });
    expect(cancel(base, hank, NOW)).toMatchObject({ ok: true, next: { status: 'cancelled', closedBy: hank } });
    const sending = { ...base, status: 'sending' as const };
    expect(pressSend(sending, hank.id, NOW)).toEqual({ ok: false, why: 'closed' });
    expect(cancel(sending, hank, NOW)).toEqual({ ok: false, why: 'closed' });
  });

  it('an edited all-clear drops every confirmation given for the old text', () => {
    const confirmed = { ...base, kind: 'allClear' as const, needsSecond: true, sendPressedAt: NOW, second: { ...hana, at: NOW } };
    const edited = editMessage(confirmed, hank.id, 'All fixed', NOW);
    expect(edited).toMatchObject({ ok: true, starts: false, next: { message: 'All fixed', version: 2 } });
    expect(edited.ok && 'second' in edited.next).toBe(false);
    expect(edited.ok && 'sendPressedAt' in edited.next).toBe(false);
    expect(editMessage(confirmed, hana.id, 'All fixed', NOW)).toEqual({ ok: false, why: 'not-requester' });
  });

  it('once delivered, a notice sent during an incident watches it for the all-clear; anything else is done', () => {
    const sending = { ...base, status: 'sending' as const };
    expect(deliveryDone({ ...sending, incident: { id: 'EN1', title: 't' } }, NOW).status).toBe('sent');
    expect(deliveryDone(sending, NOW).status).toBe('finished');
    expect(deliveryDone({ ...sending, kind: 'allClear', incident: { id: 'EN1', title: 't' } }, NOW).status).toBe('finished');
  });
});

describe('notify: the command words', () => {
  it.each([
    ['status', { kind: 'status' }],
    ['preview at-risk', { kind: 'preview', audience: 'people', cohort: 'at-risk' }],
    ['Preview Managers New-Hires hello {name}', { kind: 'preview', audience: 'managers', cohort: 'new-hires', message: 'hello {name}' }],
    ['unregistered Hi {name}, call us', { kind: 'send', audience: 'people', cohort: 'unregistered', message: 'Hi {name}, call us' }],
    [
      'managers at-risk Three of your reports…',
      { kind: 'send', audience: 'managers', cohort: 'at-risk', message: 'Three of your reports…' },
    ],
  ])('"notify %s"', (args, expected) => {
    expect(parseNotify(args)).toEqual(expected);
  });

  it.each([
    ['', /Usage: `notify preview/],
    ['preview', /Usage/],
    ['preview managers', /Usage/],
    ['everyone hello', /"everyone" isn't a cohort I know/],
    ['at-risk', /Add the message/],
    ['status now', /"status" isn't a cohort/],
  ])('refuses "notify %s" in words', (args, sentence) => {
    const parsed = parseNotify(args);
    expect(parsed.kind).toBe('refused');
    expect(parsed.kind === 'refused' && parsed.sentence).toMatch(sentence);
  });
});

describe('notify cohorts from the enrolment tally', () => {
  const policy: ConditionalAccessPolicy = {
    id: 'p1',
    displayName: 'Require MFA for all users',
    state: 'enabled',
    users: { includeUsers: ['All'], excludeUsers: ['bree'], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
    includeApplications: ['All'],
    includeUserActions: [],
    builtInControls: ['mfa'],
    authenticationStrength: null,
  };
  const row = (id: string, over: Partial<RegistrationRow> = {}): RegistrationRow => ({
    id,
    userPrincipalName: `${id}@contoso.example`,
    userDisplayName: id.toUpperCase(),
    isAdmin: false,
    isMfaRegistered: false,
    isMfaCapable: false,
    isPasswordlessCapable: false,
    methodsRegistered: [],
    ...over,
  });

  it('at-risk is the lockout count exactly; unregistered and new hires leave disabled accounts out', () => {
    const tally = new EnrolmentTally({
      newHireIds: new Set(['nina', 'dave-new']),
      disabledIds: new Set(['dave', 'dave-new']),
      changedSince: 0,
      scope: { policies: [policy], groups: new Map(), roles: new Map() },
    });
    for (const r of [
      row('alice', { isMfaRegistered: true }),
      row('nina'),
      row('dave'),
      row('dave-new'),
      row('bree'), // excluded from the policy: not at risk, still unregistered
      row('tara', { methodsRegistered: ['temporaryAccessPass'] }), // usable TAP: settled below
      row('tom', { methodsRegistered: ['temporaryAccessPass'] }), // expired TAP: at risk
      row('NINA'), // the same user again, in another case: counted once
    ])
      tally.add(r);
    tally.confirmTap(new Set(['tara']));
    const ids = (c: 'at-risk' | 'unregistered' | 'new-hires') => tally.members(c).map((m) => m.id);
    expect(ids('at-risk')).toEqual(['nina', 'tom']);
    expect(tally.members('at-risk')).toHaveLength(tally.atRisk.count);
    expect(ids('unregistered')).toEqual(['nina', 'bree', 'tara', 'tom']);
    expect(ids('new-hires')).toEqual(['nina']);
    expect(tally.members('at-risk')[0]).toEqual({ id: 'nina', name: 'NINA', newHire: true, atRisk: true });
  });
});
