import { renderTapCard } from '../../src/features/tap/tap-card';
import { renderTapHistoryCard } from '../../src/features/tap/history-card';
import {
  approve,
  chooseLifetime,
  expire,
  isDue,
  lifetimeOptions,
  markFailed,
  markIssued,
  mayDecide,
  parseLifetimeChoice,
  pickApprovers,
  reject,
  retry,
  TransitionError,
} from '../../src/features/tap/approval';
import type { TapRequest } from '../../src/domain/tap-request';
import { cardText } from '../helpers/card-text';
import { cardProblems } from '../helpers/validate-card';

const NOW = Date.parse('2025-03-02T10:00:00Z');
const maria = { id: 'm-1', name: 'Maria Manager', upn: 'maria@contoso.example', via: 'manager' as const };
const carlos = { id: 'c-1', name: 'Carlos Chief', upn: 'carlos@contoso.example', via: 'group' as const };
const base: TapRequest = {
  id: 'req-1',
  tenantId: 't',
  target: { id: 'b-1', name: 'Bob Baker', upn: 'bob@contoso.example', mfa: 'Registered' },
  requester: { id: 'h-1', name: 'Hank Helpdesk', teamsId: '29:h' },
  origin: { ref: {}, kind: 'channel', serviceUrl: 'https://x/' },
  reason: 'new phone *bold* <at>x</at>',
  lifetimeMinutes: 60,
  isUsableOnce: false,
  policy: { min: 60, max: 480, default: 60 },
  approvers: [maria, carlos],
  existingTapUntil: '2025-03-02T10:40:00Z',
  status: 'pending',
  createdAt: NOW,
  expiresAt: NOW + 30 * 60_000,
};

describe('TAP approval state machine', () => {
  it('moves pending → approved → issued, and failed → approved on retry', () => {
    const a = approve(base, maria, 120, NOW);
    expect(a).toMatchObject({ status: 'approved', decidedBy: maria, lifetimeMinutes: 120 });
    expect(markIssued(a, '2025-03-02T12:00:00Z', NOW)).toMatchObject({ status: 'issued', tapValidUntil: '2025-03-02T12:00:00Z' });
    const f = markFailed(a, 'HTTP 503', NOW + 1000, 30 * 60_000);
    expect(f).toMatchObject({ status: 'failed', expiresAt: NOW + 1000 + 30 * 60_000 });
    expect(retry(f, carlos, NOW + 2000)).toMatchObject({ status: 'approved', decidedBy: carlos, failureReason: undefined });
    expect(base.status).toBe('pending');
  });

  it('refuses transitions out of final states', () => {
    const r = reject(base, maria, 'no', NOW);
    expect(() => approve(r, maria, 60, NOW)).toThrow(TransitionError);
    expect(() => expire(markIssued(approve(base, maria, 60, NOW), 'x', NOW))).toThrow(TransitionError);
    expect(() => retry(base, maria, NOW)).toThrow(TransitionError);
  });

  it('knows when a request is due', () => {
    expect(isDue(base, base.expiresAt - 1)).toBe(false);
    expect(isDue(base, base.expiresAt)).toBe(true);
    expect(isDue(approve(base, maria, 60, NOW), base.expiresAt + 1)).toBe(false);
  });

  it('lets only listed approvers decide, never the requester or the target', () => {
    expect(mayDecide(base, 'M-1')).toBeUndefined();
    expect(mayDecide(base, 'h-1')).toBe('requester');
    expect(mayDecide(base, 'b-1')).toBe('target');
    expect(mayDecide(base, 'someone')).toBe('not-approver');
    expect(mayDecide(base, undefined)).toBe('anonymous');
    expect(mayDecide({ ...base, approvers: [...base.approvers, { ...maria, id: 'h-1' }] }, 'h-1')).toBe('requester');
  });

  it('picks the manager and group members, without requester, target, duplicates or disabled accounts', () => {
    const u = (id: string, enabled = true) => ({ id, displayName: id, userPrincipalName: `${id}@x`, accountEnabled: enabled });
    expect(pickApprovers(u('m'), [u('m'), u('h'), u('t'), u('g'), u('off', false)], 'h', 't', 10).map((a) => [a.id, a.via])).toEqual([
      ['m', 'manager'],
      ['g', 'group'],
    ]);
    expect(pickApprovers(undefined, [u('a'), u('b'), u('c')], 'h', 't', 2)).toHaveLength(2);
  });

  it('chooses a lifetime inside the policy, narrowed by configuration', () => {
    const policy = { defaultLifetimeInMinutes: 60, minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480, isUsableOnce: false };
    expect(chooseLifetime(policy, {})).toMatchObject({ lifetimeMinutes: 60, isUsableOnce: false, clamped: false });
    expect(chooseLifetime(policy, { lifetimeMinutes: 90, oneTime: true })).toMatchObject({ lifetimeMinutes: 90, isUsableOnce: true });
    expect(chooseLifetime(policy, { lifetimeMinutes: 10 })).toMatchObject({ lifetimeMinutes: 60, clamped: true });
    expect(chooseLifetime({ ...policy, isUsableOnce: true }, { oneTime: false })).toMatchObject({ isUsableOnce: true });
    expect(lifetimeOptions({ min: 60, max: 480, default: 60 }, 90)).toEqual([60, 90, 120, 240, 480]);
    expect(parseLifetimeChoice('120', base.policy)).toBe(120);
    expect(parseLifetimeChoice('30', base.policy)).toBeUndefined();
    expect(parseLifetimeChoice('1e3', base.policy)).toBeUndefined();
  });
});

describe('TAP cards', () => {
  const states: Array<[string, TapRequest]> = [
    ['pending', base],
    ['approved', approve(base, maria, 120, NOW)],
    ['issued', markIssued(approve(base, maria, 120, NOW), '2025-03-02T12:00:00Z', NOW)],
    [
      'failed',
      markFailed(approve(base, maria, 120, NOW), "Microsoft Graph failed with HTTP 503; this is on Microsoft's side.", NOW, 1800_000),
    ],
    ['rejected', reject(base, maria, 'call me', NOW)],
    ['expired', expire(base)],
  ];
  for (const [name, req] of states) {
    for (const view of ['approver', 'readOnly'] as const) {
      it(`${name}, ${view} view: valid Adaptive Card 1.5`, () => {
        const card = renderTapCard(req, { view, refreshUserIds: ['29:m'], mention: [maria] });
        const text = cardText(card);
        expect(cardProblems(card)).toEqual([]);
        const buttons = (card.actions as Array<{ title: string }> | undefined)?.map((a) => a.title) ?? [];
        if (view === 'approver' && name === 'pending') expect(buttons).toEqual(['Approve', 'Reject']);
        else if (view === 'approver' && name === 'failed') expect(buttons).toEqual(['Retry']);
        else expect(buttons).toEqual([]);
        expect(Boolean(card.refresh)).toBe(['pending', 'approved', 'failed'].includes(name));
        expect(text).toContain('Reason: new phone *bold* <at>x</at>');
        expect(JSON.stringify(card)).toContain('new phone \\\\*bold\\\\* \\\\<at\\\\>x\\\\</at\\\\>');
      });
    }
  }

  it('says who approved and until when once issued', () => {
    expect(cardText(renderTapCard(states[2][1], { view: 'readOnly', refreshUserIds: [] }))).toContain(
      'Approved by Maria Manager, TAP valid until 2025-03-02 12:00 UTC',
    );
  });

  it('history card is valid, with and without entries', () => {
    expect(cardProblems(renderTapHistoryCard([]))).toEqual([]);
    const card = renderTapHistoryCard(
      [
        {
          requestId: 'r',
          at: NOW,
          event: 'approved',
          actor: { id: 'm', name: 'Maria Manager' },
          target: { id: 'b', upn: 'bob@x', name: 'Bob Baker' },
          reason: 'new phone',
          lifetimeMinutes: 60,
        },
      ],
      'Bob Baker (bob@x)',
    );
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toMatch(/Bob Baker approved by Maria Manager; 1 hour; reason: new phone/);
  });
});
