import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBot } from '../src/start-bot';
import { createSimulator } from '../src/simulator/create-simulator';
import { CONTOSO } from '../src/simulator/seed/contoso';
import { fmt } from './load';
import type { Benchmark } from './benchmarks';
import type { BenchStore } from './bench-store';
import { NO_GRAPH_BUDGET } from './unthrottled';

/** A connector that opens 1:1 chats and accepts posts and updates at once, remembering the cards it got. */
async function startConnector() {
  let seq = 0;
  const cards: Array<{ conversationId: string; activityId: string; requestId: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = `act-${++seq}`;
      const path = (req.url ?? '').split('?')[0];
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(path);
      const requestId = body?.attachments?.[0]?.content?.refresh?.action?.data?.requestId;
      if (m && req.method === 'POST' && requestId && decodeURIComponent(m[1]).startsWith('a:conv-'))
        cards.push({ conversationId: decodeURIComponent(m[1]), activityId: id, requestId });
      res.writeHead(req.method === 'POST' && path === '/v3/conversations' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(path === '/v3/conversations' ? { id: `a:conv-${id}`, activityId: id } : { id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    cards,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(store: BenchStore): Promise<void> {
  // The bot's own cost per approval, not Microsoft's pace: throttling off on both sides.
  const sim = await createSimulator({ tlsDir: process.env.SIMULATOR_TLS_DIR, generatedUsers: 2000, throttle: false });
  const connector = await startConnector();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    LOG_LEVEL: 'silent',
    ...NO_GRAPH_BUDGET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mfa-bench-tap-')),
    ...store.env(),
    HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
    TAP_REQUESTS_PER_HOUR: '1000',
  });
  const bot = await startBot({ config, logger: createLogger('silent') });
  const post = (body: unknown) =>
    fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
    );
  const base = {
    serviceUrl: connector.url,
    channelId: 'msteams',
    recipient: { id: '28:bot', name: 'mfa-bot' },
    channelData: { tenant: { id: CONTOSO.tenantId } },
  };
  const hank = CONTOSO.users.hank;
  const targets = sim.tenant.users.filter((u) => u.managerId && u.accountEnabled).slice(40, 140);
  const N = 60;
  // Each run asks from a 1:1 chat of its own: one chat gets ~4 posts per run (the reply, the tracking card and
  // its update, the pass), and Teams' per-thread limits (8 in 2 s) would pace the runs, not the bot's cost.
  // (Teams' pace is the fanout benchmark's subject.)
  const requestMs: number[] = [];
  const approveMs: number[] = [];
  for (let i = 0; i < N; i++) {
    const target = targets[i];
    const before = connector.cards.length;
    let t0 = performance.now();
    const r = await post({
      ...base,
      type: 'message',
      id: `m-${i}`,
      from: { id: `29:${hank.id}`, aadObjectId: hank.id, name: hank.displayName },
      conversation: { id: `a:personal-${hank.id}-${i}`, conversationType: 'personal', tenantId: CONTOSO.tenantId },
      text: `tap ${target.id} bench run ${i}`,
    });
    requestMs.push(performance.now() - t0);
    const card = connector.cards.slice(before)[0];
    if (r.status !== 200 || !card) throw new Error(`tap request ${i} did not produce an approval card`);
    const approverId = sim.tenant.findUser(target.managerId!)!.id;
    t0 = performance.now();
    const a = await post({
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `i-${i}`,
      replyToId: card.activityId,
      from: { id: `29:${approverId}`, aadObjectId: approverId, name: 'Approver' },
      conversation: { id: card.conversationId, conversationType: 'personal', tenantId: CONTOSO.tenantId },
      value: { action: { type: 'Action.Execute', verb: 'tap.approve', data: { requestId: card.requestId } }, trigger: 'manual' },
    });
    approveMs.push(performance.now() - t0);
    if (!a.body.includes('TAP valid until'))
      throw new Error(`approve ${i} did not issue: ${JSON.stringify(a.body.match(/"text":"[^"]*"/g))}`);
  }
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(44)} p50 ${fmt(pct(xs, 50)).padStart(9)}   p99 ${fmt(pct(xs, 99)).padStart(9)}   (${xs.length} runs)`;
  process.stdout.write('Simulated Graph latency 0 ms; bot, simulator and connector stand-in share this process.\n');
  process.stdout.write(
    `${line('tap <user> <reason> → approval card sent', requestMs)}\n${line('approve invoke → TAP created, pass delivered', approveMs)}\n`,
  );

  sim.faults.setLatency(100);
  const slow: number[] = [];
  for (let i = N; i < N + 10; i++) {
    const target = targets[i];
    const before = connector.cards.length;
    await post({
      ...base,
      type: 'message',
      id: `m-${i}`,
      from: { id: `29:${hank.id}`, aadObjectId: hank.id, name: hank.displayName },
      conversation: { id: `a:personal-${hank.id}-${i}`, conversationType: 'personal', tenantId: CONTOSO.tenantId },
      text: `tap ${target.id} bench run ${i}`,
    });
    const card = connector.cards.slice(before)[0];
    const approverId = sim.tenant.findUser(target.managerId!)!.id;
    const t0 = performance.now();
    await post({
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `i-${i}`,
      replyToId: card.activityId,
      from: { id: `29:${approverId}`, aadObjectId: approverId, name: 'Approver' },
      conversation: { id: card.conversationId, conversationType: 'personal', tenantId: CONTOSO.tenantId },
      value: { action: { type: 'Action.Execute', verb: 'tap.approve', data: { requestId: card.requestId } }, trigger: 'manual' },
    });
    slow.push(performance.now() - t0);
  }
  process.stdout.write(
    `${line('approve invoke with 100 ms Graph latency', slow)} (one Graph round trip: floor 100 ms; Teams waits ~5 s)\n`,
  );
  await bot.close();
  await connector.close();
  await sim.close();
}

export const tapBenchmark: Benchmark = { name: 'tap', description: '`tap` request and approve invoke latency, end to end', run };
