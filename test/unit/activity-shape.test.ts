import type { Activity } from 'botbuilder';
import { membershipEventOf } from '../../src/bot/membership-event';
import { conversationOf } from '../../src/bot/turn-info';
import { tenantProblem } from '../../src/router/home-tenant';
import { loadConfig } from '../../src/config';
import { activityProblem, depthExceeds, MAX_ACTIVITY_DEPTH } from '../../src/server';
import { BOT, messageActivity } from '../helpers/activities';

const HOME = '11111111-0000-4000-8000-000000000001';
const OTHER = '99999999-0000-4000-8000-000000000009';
const base = () => messageActivity({ text: 'help', from: { aadObjectId: 'u', name: 'U' }, serviceUrl: 'https://smba.example/' });

describe('depthExceeds', () => {
  it('counts objects and arrays, iteratively (a million levels take no stack)', () => {
    expect(depthExceeds({ a: { b: [1] } }, 3)).toBe(false);
    expect(depthExceeds({ a: { b: [{}] } }, 3)).toBe(true);
    let deep: unknown = {};
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(depthExceeds(deep, MAX_ACTIVITY_DEPTH)).toBe(true);
  });
});

describe('activityProblem', () => {
  it('accepts a Teams message as Teams sends it', () => {
    expect(activityProblem(base())).toBeUndefined();
  });

  it.each(['membersAdded', 'membersRemoved', 'entities', 'attachments', 'reactionsAdded', 'reactionsRemoved'])(
    '%s: absent, null or a list of objects; a null, a string or a non-list is refused',
    (field) => {
      expect(activityProblem({ ...base(), [field]: null })).toBeUndefined();
      expect(activityProblem({ ...base(), [field]: [{ id: 'x' }] })).toBeUndefined();
      for (const bad of [[null], ['x'], [[]], { id: 'x' }, 'x'])
        expect(activityProblem({ ...base(), [field]: bad })).toMatch(new RegExp(field));
    },
  );
});

describe('membershipEventOf', () => {
  const update = (extra: Record<string, unknown>) => ({ ...base(), type: 'conversationUpdate', ...extra }) as unknown as Activity;

  it('skips null members rather than failing the turn', () => {
    expect(membershipEventOf(update({ membersRemoved: [null, { id: BOT.id }] }))?.kind).toBe('botRemoved');
    expect(membershipEventOf(update({ membersAdded: [null, undefined, 7, { id: BOT.id }] }))?.kind).toBe('botAdded');
  });

  it('ignores members that are not a list', () => {
    expect(membershipEventOf(update({ membersRemoved: { id: BOT.id }, membersAdded: 'x' }))).toBeUndefined();
  });
});

describe('tenantProblem', () => {
  const config = loadConfig({ GRAPH_TENANT_ID: HOME, GRAPH_BASE_URL: 'https://127.0.0.1:1/v1.0', GRAPH_AUTH: 'none' });
  const named = (conversationTenant: unknown, channelTenant: unknown) =>
    conversationOf({
      ...base(),
      conversation: { ...base().conversation, tenantId: conversationTenant },
      channelData: { tenant: { id: channelTenant } },
    } as unknown as Activity);

  it('home in both places (any case) is fine; home in one place and another tenant in the other is a mismatch', () => {
    expect(tenantProblem(named(HOME, HOME.toUpperCase()), config)).toBeUndefined();
    expect(tenantProblem(named(HOME, undefined), config)).toBeUndefined();
    expect(tenantProblem(named(HOME, OTHER), config)).toBe('mismatch');
    expect(tenantProblem(named(HOME, 42), config)).toBe('mismatch');
    expect(tenantProblem(named(OTHER, HOME), config)).toBe('foreign');
    expect(tenantProblem(named(undefined, undefined), config)).toBe('foreign');
  });

  it('with no home tenant configured (the demo), nothing is refused', () => {
    expect(tenantProblem(named(HOME, OTHER), loadConfig({}))).toBeUndefined();
  });
});
