import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../src/simulator/create-simulator';
import { CONTOSO } from '../src/simulator/seed/contoso';
import { password } from '../src/simulator/seed/methods';
import { createPrng } from '../src/simulator/seed/prng';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store';
import { TENANT_WINDOWS } from '../src/delivery/rate-limiter';
import { DOCUMENTED_LIMITS, parseWindows } from '../src/domain/graph-limit-settings';
import type { Benchmark } from './benchmarks';
import { startBotProcess, type BotProcess } from './bot-process-control';
import { startRateLimitedConnector } from './rate-limited-connector';

const RECIPIENTS = Number(process.env.NOTIFY_RECIPIENTS ?? 5000);
/** Share of the campaign's notices out before the bot is stopped, and how: SIGTERM (a restart) or SIGKILL (a crash). */
const STOP_AT = Number(process.env.NOTIFY_STOP_AT ?? 0.5);
const SIGNAL = (process.env.NOTIFY_STOP_SIGNAL ?? 'SIGTERM') as NodeJS.Signals;
/** NOTIFY_TIMELINE=<file>: every Graph Teams call and notice with its time, as JSON, for a closer look. */
const TIMELINE = process.env.NOTIFY_TIMELINE;
const CHANNEL = '19:helpdesk@thread.tacv2';
const STRONG = new Set(['microsoftAuthenticator', 'phone', 'fido2', 'windowsHelloForBusiness', 'softwareOath']);
/** Graph calls for someone without a 1:1 chat: install, find the installation, read its chat (src/graph/graph-teams-apps.ts). */
const CALLS_PER_INSTALL = 3;

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const hana = { aadObjectId: U.hana.id, name: U.hana.displayName };
const TENANT = CONTOSO.tenantId;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, done: () => boolean, timeoutMs: number) => {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
};

/** Generated users made unregistered and enabled; Contoso's named users keep their own methods. */
function unregisterGenerated(sim: Simulator): void {
  const named = new Set<string>(Object.values(U).map((u) => u.id));
  for (const user of sim.tenant.users) {
    if (named.has(user.id)) continue;
    user.methods = [password(user.createdDateTime)];
    user.accountEnabled = true;
  }
}

/** Who the lockout rule counts, from the tenant's data alone: no strong method, no usable TAP, enabled, not break-glass. */
function atRiskIds(sim: Simulator): string[] {
  const now = Date.now();
  const breakGlass = sim.tenant.groups.get(CONTOSO.groups.breakGlass)!.members;
  return sim.tenant.users
    .filter((user) => {
      const methods = sim.tenant.methodsOf(user);
      const tapUsable = methods.some(
        (m) => m.kind === 'temporaryAccessPass' && Date.parse(m.startDateTime!) + m.lifetimeInMinutes! * 60_000 > now,
      );
      return user.accountEnabled !== false && !breakGlass.has(user.id) && !tapUsable && !methods.some((m) => STRONG.has(m.kind));
    })
    .map((user) => user.id);
}

const personalChatOf = (id: string) => `a:personal-${id}`;
const installedChatOf = (id: string) => `19:${id}_${CONTOSO.teamsApp.botId}@unq.gbl.spaces`;

function messageActivity(text: string, from: typeof hank, serviceUrl: string) {
  const id = randomUUID();
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:bench', name: 'mfa-bot' },
    conversation: { id: `${CHANNEL};messageid=${id}`, isGroup: true, conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
    locale: 'en-US',
    text: `<at>mfa-bot</at> ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: '<at>mfa-bot</at>', mentioned: { id: '28:bench', name: 'mfa-bot' } }],
  };
}

/** A click on an Action.Execute button of the campaign card, as Teams posts it. */
function invokeActivity(verb: string, data: Record<string, unknown>, from: typeof hank, conversationId: string, serviceUrl: string) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:bench', name: 'mfa-bot' },
    conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
    locale: 'en-US',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

async function post(bot: BotProcess, activity: unknown): Promise<any> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return res.json().catch(() => undefined);
}

const campaignIdOf = (body: any): string | undefined => {
  for (const a of body?.attachments ?? []) {
    const found = /"campaignId":"([^"]+)"/.exec(JSON.stringify(a.content ?? {}));
    if (found) return found[1];
  }
  return undefined;
};

/**
 * `notify at-risk …` to RECIPIENTS people, half with a 1:1 chat the bot knows and half who need the app installed
 * through Graph, the bot stopped and started again on the same SQLite file midway. The bot runs in its own
 * process; Graph (the simulator, enforcing the Teams bucket) and the Bot Connector (enforcing Teams' limits)
 * share this one with the driver.
 */
async function run(): Promise<void> {
  const sim = await createSimulator({ tlsDir: process.env.SIMULATOR_TLS_DIR, generatedUsers: RECIPIENTS });
  // The cohort: every generated user, less as many as Contoso's named users the lockout rule counts (disabled).
  unregisterGenerated(sim);
  const surplus = atRiskIds(sim).length - RECIPIENTS;
  if (surplus > 0) for (const user of sim.tenant.users.slice(-surplus)) user.accountEnabled = false;
  const cohort = atRiskIds(sim);
  const connector = await startRateLimitedConnector({ keepBody: (channel) => channel === CHANNEL });
  const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-notify-'));

  // Half the cohort, chosen at random, talked to the bot before: the bot knows their 1:1 chat.
  const random = createPrng(0x5eed);
  const shuffled = [...cohort].sort(() => random() - 0.5);
  const known = new Set(shuffled.slice(0, Math.floor(cohort.length / 2)));
  const store = SqliteStore.open(join(dataDir, 'mfa-bot.db'));
  for (const id of known) {
    const personalChat = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: personalChatOf(id), conversationType: 'personal', tenantId: TENANT },
      bot: { id: '28:bench', name: 'mfa-bot' },
    };
    await store.people.remember({ aadObjectId: id, personalChat, at: Date.now() });
  }
  await store.close();
  const chatOwner = new Map<string, string>();
  for (const id of cohort) chatOwner.set(known.has(id) ? personalChatOf(id) : installedChatOf(id), id);

  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
    HELPDESK_CONTACT: '+1 425 555 0100',
    TEAMS_APP_CATALOG_ID: CONTOSO.teamsApp.id,
  };
  let bot = await startBotProcess(env, join(dataDir, 'bot-1.log'));

  // Notices: accepted posts into the recipients' 1:1 chats (nothing else goes there).
  const notices = () => connector.calls.filter((c) => c.kind === 'reply' && c.status < 300 && chatOwner.has(c.channel));
  const strays = () =>
    connector.calls.filter(
      (c) => c.kind === 'reply' && c.status < 300 && /^(a:personal-|19:.*@unq\.gbl\.spaces)/.test(c.channel) && !chatOwner.has(c.channel),
    );

  // 1. Hank asks in the helpdesk channel; the confirmation card arrives there through the outbox.
  const asked = messageActivity(
    'notify at-risk Hi {name}: {incident}. Sign-in may fail for a while; call us before resetting anything.',
    hank,
    connector.url,
  );
  const askedAt = Date.now();
  await post(bot, asked);
  let campaignId: string | undefined;
  await until(
    'the confirmation card',
    () => (campaignId = connector.calls.map((c) => campaignIdOf(c.body)).find(Boolean)) !== undefined,
    5 * 60_000,
  );
  const cardAt = Date.now();
  const cardBody = connector.calls.find((c) => campaignIdOf(c.body))!.body;
  const recipientsOnCard = /Recipients[^\d]{0,40}([\d,]+)/.exec(JSON.stringify(cardBody))?.[1];

  // 2. Send by Hank, then (above NOTIFY_SECOND_APPROVAL_OVER) the second helpdesk member, Hana.
  const sent = await post(bot, invokeActivity('notify.send', { campaignId }, hank, asked.conversation.id, connector.url));
  const second = await post(bot, invokeActivity('notify.second', { campaignId }, hana, asked.conversation.id, connector.url));
  if (second?.statusCode !== 200 && sent?.statusCode !== 200) throw new Error(`Send was refused: ${JSON.stringify([sent, second])}`);
  const confirmedAt = Date.now();

  // 3. Midway, stop the bot and start it again on the same SQLite file.
  await until('the notices before the stop', () => notices().length >= cohort.length * STOP_AT, 30 * 60_000);
  const stoppedAfter = notices().length;
  const stopAt = Date.now();
  await bot.stop(SIGNAL);
  const downAt = Date.now();
  const sentWhileStopping = notices().length - stoppedAfter;
  bot = await startBotProcess(env, join(dataDir, 'bot-2.log'));
  const upAt = Date.now();

  // 4. Everyone reached, then a while longer: would anyone get a second notice?
  const reached = () => new Set(notices().map((c) => c.channel)).size;
  await until('every notice', () => reached() >= cohort.length, 30 * 60_000);
  const lastNoticeAt = notices().reduce((t, c) => Math.max(t, c.at), 0);
  await sleep(10_000);
  await bot.stop('SIGTERM');

  const perChat = new Map<string, number>();
  for (const c of notices()) perChat.set(c.channel, (perChat.get(c.channel) ?? 0) + 1);
  const duplicates = [...perChat.values()].reduce((n, k) => n + Math.max(0, k - 1), 0);
  const lost = cohort.length - perChat.size;
  const installs = cohort.length - known.size;
  const teamsCalls = sim.calls.filter((c) => /\/teamwork\//.test(c.path));
  const refused = sim.throttle.toJSON().refused;
  const graphWindow = parseWindows(DOCUMENTED_LIMITS.teams)[0];
  const graphRps = (graphWindow.limit * 1000) / graphWindow.spanMs;
  const tenantRps = (TENANT_WINDOWS[0].limit * 1000) / TENANT_WINDOWS[0].spanMs;
  // The first window's worth may go at the first instant; everything after at the documented rate.
  const graphFloor = Math.max(0, CALLS_PER_INSTALL * installs - graphWindow.limit) / graphRps;
  const connectorFloor = Math.max(0, cohort.length - TENANT_WINDOWS[0].limit) / tenantRps;
  const floor = Math.max(graphFloor, connectorFloor);
  const wall = (lastNoticeAt - confirmedAt) / 1000;
  const down = (upAt - stopAt) / 1000;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  // Where the Graph Teams bucket (the binding floor) sat idle: gaps between calls well above its spacing.
  const teamsAt = teamsCalls.map((c) => Date.parse(c.at)).sort((a, b) => a - b);
  const spacing = 1000 / graphRps;
  let idleMs = 0;
  for (let i = 1; i < teamsAt.length; i++) idleMs += Math.max(0, teamsAt[i] - teamsAt[i - 1] - 2 * spacing);
  const callsIn = (from: number, to: number) => teamsAt.filter((t) => t >= from && t < to).length;
  const rate = (from: number, to: number) => (to > from ? (callsIn(from, to) * 1000) / (to - from) : 0);
  const firstTeams = teamsAt[0] ?? confirmedAt;
  const lastTeams = teamsAt[teamsAt.length - 1] ?? confirmedAt;
  const restartedTeams = teamsAt.find((t) => t >= upAt) ?? upAt;
  if (TIMELINE) {
    const noticesAt = notices().map((c) => ({ at: c.at, known: known.has(chatOwner.get(c.channel)!) }));
    writeFileSync(TIMELINE, JSON.stringify({ confirmedAt, stopAt, downAt, upAt, teamsAt, noticesAt }));
  }
  process.stdout.write(
    [
      `recipients ${cohort.length} (card said ${recipientsOnCard}): ${known.size} with a known 1:1 chat, ${installs} needing the app installed through Graph`,
      `sent ${perChat.size}   duplicates ${duplicates}   lost ${lost}   stray posts ${strays().length}   Bot Connector 429s ${connector.calls.filter((c) => c.status === 429).length}   Graph refusals ${JSON.stringify(refused)}`,
      `Graph Teams calls ${teamsCalls.length} (${teamsCalls.filter((c) => c.method === 'POST').length} installs)`,
      `ask → card ${s(cardAt - askedAt)} (the at-risk scan); confirmed → last notice: wall time ${wall.toFixed(1)} s`,
      `restart: ${SIGNAL} after ${stoppedAfter} notices (${s(stopAt - confirmedAt)} in), ${sentWhileStopping} more finished while stopping, stop took ${s(downAt - stopAt)}, down ${down.toFixed(1)} s in all`,
      `floor = max((${CALLS_PER_INSTALL} Graph calls × ${installs} installs − ${graphWindow.limit}) / ${graphRps} rps [Graph Teams bucket], (${cohort.length} notices − ${TENANT_WINDOWS[0].limit}) / ${tenantRps} rps [Bot Connector per app per tenant]) = max(${graphFloor.toFixed(1)}, ${connectorFloor.toFixed(1)}) = ${floor.toFixed(1)} s`,
      `ratio ${(wall / floor).toFixed(3)}× (goal ≤ 1.1×); without the ${down.toFixed(1)} s the bot was down: ${((wall - down) / floor).toFixed(3)}×`,
      `Graph Teams timeline: first call ${s(firstTeams - confirmedAt)} after confirming, ${rate(firstTeams, stopAt).toFixed(1)} rps until the stop, ${callsIn(stopAt, upAt)} calls while stopping, first call ${s(restartedTeams - upAt)} after the restart, ${rate(restartedTeams, lastTeams).toFixed(1)} rps after it, last call ${s(lastNoticeAt - lastTeams)} before the last notice; idle gaps (> 2 spacings) ${s(idleMs)} in all`,
      '',
    ].join('\n'),
  );
  await connector.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}

export const notifyBenchmark: Benchmark = {
  name: 'notify',
  description: `notify at-risk to ${RECIPIENTS} people (half through a Graph install), the bot restarted midway (NOTIFY_RECIPIENTS, NOTIFY_STOP_AT, NOTIFY_STOP_SIGNAL)`,
  run,
};
