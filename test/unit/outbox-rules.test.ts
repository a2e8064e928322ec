import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from '../../src/delivery/backoff';
import { classifyFailure } from '../../src/delivery/classify-failure';
import { resolveTarget } from '../../src/delivery/resolve-target';
import { NotifyError } from '../../src/ports/notifier';
import type { OutboxItem, OutboxState } from '../../src/ports/outbox-store';

const refused = (status: number | undefined, code?: string) => new NotifyError(status, code, undefined, 'x');

describe('outbox backoff', () => {
  it('retries the first failure at the next pass, then backs off exponentially with ±25 % jitter', () => {
    expect(retryDelayMs(1, 0.9)).toBe(0);
    expect(retryDelayMs(2, 0.5)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(3, 0.5)).toBe(3 * RETRY_BASE_MS);
    expect(retryDelayMs(4, 0)).toBe(0.75 * 7 * RETRY_BASE_MS);
    expect(retryDelayMs(4, 1)).toBe(1.25 * 7 * RETRY_BASE_MS);
  });

  it('never waits more than an hour, however often it failed: it never gives up either', () => {
    for (const failures of [8, 30, 1000, Number.MAX_SAFE_INTEGER]) expect(retryDelayMs(failures, 1)).toBe(RETRY_CAP_MS);
  });

  it("takes Teams' Retry-After as a floor", () => {
    expect(retryDelayMs(1, 0.5, 30_000)).toBe(30_000);
    expect(retryDelayMs(3, 0.5, 1_000)).toBe(3 * RETRY_BASE_MS);
  });
});

describe('outbox failure classes', () => {
  it.each([
    [undefined, undefined],
    [412, 'PreconditionFailed'],
    [429, 'Throttled'],
    [500, 'ServiceError'],
    [502, 'ServiceError'],
    [503, undefined],
    [504, undefined],
    [401, 'BotNotRegistered'],
    [403, 'BotDisabledByAdmin'],
    [403, 'NotEnoughPermissions'],
    [403, 'ForbiddenOperationException'],
  ])('retries %s %s', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('retry');
  });

  it.each([
    [403, 'BotNotInConversationRoster'],
    [404, 'ConversationNotFound'],
    [403, 'ConversationBlockedByUser'],
    [403, 'MessageWritesBlocked'],
  ])('calls %s %s gone', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('gone');
  });

  it.each([
    [400, 'BadArgument'],
    [413, 'MessageSizeTooBig'],
    [404, 'ActivityNotFoundInConversation'],
    [405, undefined],
  ])('gives up on %s %s: the message itself is refused', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('failed');
  });
});

describe('outbox target resolution', () => {
  const ref = { conversation: { id: '19:c;messageid=root' } };
  const prior = (state: OutboxState, withResult = true): OutboxItem => ({
    key: 'open',
    kind: 'incident.card',
    lane: 'l',
    tenant: 't',
    to: { kind: 'newThread', ref: {}, channelId: '19:c' },
    payload: {},
    state,
    attempts: 1,
    notBefore: 0,
    createdAt: 0,
    ...(withResult ? { result: { activityId: 'root', ref } } : {}),
  });

  it('sends a concrete target as it is', () => {
    const to = { kind: 'user' as const, aadObjectId: 'a', tenantId: 't', serviceUrl: 's' };
    expect(resolveTarget(to, undefined)).toEqual({ kind: 'send', target: to, placeholder: false });
  });

  it('replies into, or updates, what the earlier item produced', () => {
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('sent'))).toEqual({
      kind: 'send',
      target: { kind: 'conversation', ref },
      placeholder: false,
    });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'update' }, prior('sent'))).toEqual({
      kind: 'send',
      target: { kind: 'update', ref, activityId: 'root' },
      placeholder: false,
    });
  });

  it('waits for an earlier item still to go, and follows a dry run with a dry run', () => {
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('queued', false))).toEqual({ kind: 'wait' });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('sending', false))).toEqual({ kind: 'wait' });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'update' }, prior('dry-run'))).toMatchObject({
      kind: 'send',
      placeholder: true,
    });
  });

  it('skips what follows an item that never went out, or one it cannot find', () => {
    for (const state of ['failed', 'gone', 'cancelled'] as const)
      expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior(state, false))).toEqual({ kind: 'skip', state });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, undefined)).toEqual({ kind: 'skip', state: 'cancelled' });
  });
});
