import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { scaledClock, type Clock } from '../../src/core/clock';
import { startBot, type RunningBot, type StartOptions } from '../../src/start-bot';
import { createSimulator } from '../../src/simulator/create-simulator';
import { ConnectorStandIn, type ConnectorCall } from './connector-stand-in';
import { messageActivity, type Person, type Where } from './activities';
import { cardProblems } from './validate-card';

export const TLS_DIR = process.env.SIMULATOR_TLS_DIR ?? join(__dirname, '..', '.tls');

/**
 * How much faster than the wall clock a test bot and its simulator run (TEST_TIME_SCALE, 5 by default): Graph's
 * throttling windows, retries, probes, progress messages and the workers all wait on this clock, so a test that
 * waits out a 10 s window waits 2 s. A test about real time passes `time: systemClock`.
 */
export const TEST_TIME_SCALE = Number(process.env.TEST_TIME_SCALE ?? 5);

/** A clock for a test's bot and simulator, `scale` times the wall clock's speed. */
export function testClock(scale = TEST_TIME_SCALE): Clock {
  return scaledClock(scale);
}

type Simulator = Awaited<ReturnType<typeof createSimulator>>;

export interface TestBot {
  bot: RunningBot;
  sim: Simulator;
  /** The clock the bot and the simulator run on: measure what the bot does in its time, not the wall clock's. */
  time: Clock;
  connector: ConnectorStandIn;
  dataDir: string;
  /** Every log line the bot wrote, as text. */
  logs: string[];
  /**
   * POSTs a Teams message to /api/messages; resolves with the HTTP status, the messages sent in reply and
   * `since`, the number of connector calls before it (what the bot sent for it, progress messages included, comes after).
   */
  send(text: string, from: Person, where?: Where): Promise<Sent>;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface Sent {
  status: number;
  replies: ConnectorCall[];
  activity: any;
  since: number;
}

export interface TestBotOptions {
  env?: Record<string, string | undefined>;
  sim?: Simulator;
  simOptions?: Parameters<typeof createSimulator>[0];
  connector?: ConnectorStandIn;
  dataDir?: string;
  start?: Partial<StartOptions>;
  /** The bot's timers and rate windows (and a simulator's the test doesn't give); testClock() by default, or the given sim's. */
  time?: Clock;
}

/** The whole bot as Teams sees it: real HTTP in, a connector stand-in for replies, the simulator for Graph. */
export async function startTestBot(opts: TestBotOptions = {}): Promise<TestBot> {
  const time = opts.time ?? (opts.sim ? clockOf(opts.sim) : testClock());
  const sim = opts.sim ?? (await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 200, clock: time, ...opts.simOptions }));
  const connector = opts.connector ?? (await new ConnectorStandIn().start());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mfa-bot-test-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    ...storeEnv(dataDir),
    ...opts.env,
  });
  const bot = await startBot({ config, logger: createLogger(config.LOG_LEVEL, sink), gateway: { budgetMs: 25_000 }, time, ...opts.start });

  // Every card the bot sends in any test, to a conversation or as an invoke answer, must be one Teams accepts.
  const badCards: string[] = [];
  const checkCard = (card: unknown, where: string) => {
    const problems = cardProblems(card);
    if (problems.length) badCards.push(`${where}: ${problems.join('; ')}`);
  };
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const answer = await res
      .clone()
      .json()
      .catch(() => undefined);
    if (answer?.type === 'application/vnd.microsoft.card.adaptive') checkCard(answer.value, 'invoke response');
    return res;
  };

  return {
    bot,
    sim,
    time,
    connector,
    dataDir,
    logs,
    post,
    async send(text, from, where) {
      const activity = messageActivity({ text, from, where, serviceUrl: connector.url });
      const since = connector.calls.length;
      const res = await post(activity);
      await res.text();
      return { status: res.status, replies: connector.messages({ replyToId: activity.id }), activity, since };
    },
    async close() {
      await bot.close();
      for (const call of connector.calls) {
        const cards = [...(call.body?.attachments ?? []), ...(call.body?.activity?.attachments ?? [])];
        for (const a of cards)
          if (a?.contentType === 'application/vnd.microsoft.card.adaptive') checkCard(a.content, `${call.method} ${call.path}`);
      }
      if (!opts.connector) await connector.close();
      if (!opts.sim) await sim.close();
      if (badCards.length) throw new Error(`the bot sent cards Teams would reject:\n${[...new Set(badCards)].join('\n')}`);
    },
  };
}

/** The clock a simulator runs on, as the bot's Clock: a test's own simulator must be given a full Clock (testClock()). */
export function clockOf(sim: Simulator): Clock {
  const c = sim.clock as Partial<Clock>;
  if (typeof c.sleep !== 'function' || typeof c.timeout !== 'function')
    throw new Error('this simulator runs on the wall clock: create it with clock: testClock() (or systemClock) and pass the same `time`');
  return c as Clock;
}

/**
 * The store a test bot uses: SQLite in its data directory, or with TEST_STORE=table (the `table` jest project)
 * Azure Table Storage on the file's Azurite, under a prefix of its own per data directory, so bots that share a
 * data directory share the store just as they would share the SQLite file.
 */
export function storeEnv(dataDir: string): Record<string, string> {
  if (process.env.TEST_STORE !== 'table') return {};
  return {
    STORE: 'table',
    AZURE_STORAGE_CONNECTION_STRING: process.env.TEST_AZURE_STORAGE_CONNECTION_STRING ?? '',
    STORE_PREFIX: `t${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`,
  };
}

export { cardText, cardOf } from './card-text';
