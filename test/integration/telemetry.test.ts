import { CONTOSO } from '../../src/simulator/seed/contoso';
import { OtlpStandIn, type ExportedSpan } from '../helpers/otlp-stand-in';
import { approvalCardFor, click, knownCodes, person } from '../helpers/tap-flow';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: CONTOSO.users.hank.displayName };
const { alice, bob, maria } = CONTOSO.users;
const SERVER = 2;
const CLIENT = 3;

/** Traces and metrics over OTLP/HTTP to a local collector stand-in, with short export intervals. */
describe('traces and metrics exported over OTLP/HTTP', () => {
  let otlp: OtlpStandIn;
  let t: TestBot;
  let closed = false;
  beforeAll(async () => {
    otlp = await new OtlpStandIn().start();
    t = await startTestBot({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_SERVICE_NAME: 'mfa-bot-under-test',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      // The test ticks the service-health poller itself (a delivery to follow).
      start: { poller: { start: false } },
    });
    for (const text of ['status alice', 'health']) {
      const { status, replies } = await t.send(text, hank);
      expect(status).toBe(200);
      expect(replies.length).toBeGreaterThan(0);
    }
  });
  afterAll(async () => {
    if (!closed) await t.close();
    await otlp.close();
  });

  const turnOf = (command: string) => otlp.spans().find((s) => s.attributes['turn.command'] === command);
  const childrenOf = (parent: ExportedSpan) => otlp.spans().filter((s) => s.parentSpanId === parent.spanId);

  it('sends OTLP/HTTP JSON to /v1/traces and /v1/metrics, naming the service', async () => {
    await otlp.waitFor(() => otlp.posts.some((p) => p.path === '/v1/metrics') && turnOf('health') !== undefined, 'a turn and metrics');
    expect(new Set(otlp.posts.map((p) => p.contentType.split(';')[0]))).toEqual(new Set(['application/json']));
    expect(turnOf('health')?.resource).toMatchObject({ 'service.name': 'mfa-bot-under-test', 'service.version': expect.any(String) });
  });

  it('a span per turn: activity type, conversation kind, the command and its outcome', async () => {
    await otlp.waitFor(() => turnOf('status') !== undefined && turnOf('health') !== undefined, 'both turn spans');
    for (const command of ['status', 'health'])
      expect(turnOf(command)).toMatchObject({
        name: 'turn message',
        kind: SERVER,
        parentSpanId: undefined,
        attributes: {
          'turn.activity_type': 'message',
          'turn.channel': 'msteams',
          'turn.conversation_kind': 'personal',
          'turn.command': command,
          'turn.outcome': 'answered',
        },
      });
  });

  it('Graph spans are children of the turn that asked: area, method, path shape, status, attempts, budget wait, circuit', async () => {
    await otlp.waitFor(() => childrenOf(turnOf('health')!).length > 0, "the health turn's Graph spans");
    const status = childrenOf(turnOf('status')!).filter((s) => s.name.startsWith('graph ') && s.name !== 'graph POST $batch');
    const areas = new Set(status.map((s) => s.attributes['graph.area']));
    expect([...areas]).toEqual(expect.arrayContaining(['directory', 'authentication methods', 'reports']));
    for (const s of status) {
      expect(s.kind).toBe(CLIENT);
      expect(s.attributes).toMatchObject({
        'graph.status': 'ok',
        'graph.attempts': expect.any(Number),
        'graph.throttled': false,
        'graph.budget_wait_ms': expect.any(Number),
        'graph.circuit': 'closed',
        'http.request.method': expect.stringMatching(/^(GET|POST)$/),
        'url.template': expect.stringMatching(/^\//),
      });
    }
    // The status lookup's reads go in one $batch; each read has its own span, and so has the round trip.
    expect(
      status.some((s) => s.attributes['graph.batched'] === true && s.attributes['url.template'] === '/users/{id}/authentication/methods'),
    ).toBe(true);
    expect(childrenOf(turnOf('status')!).some((s) => s.name === 'graph POST $batch' && Number(s.attributes['graph.batch_size']) > 1)).toBe(
      true,
    );
    const health = childrenOf(turnOf('health')!);
    expect(health.map((s) => s.attributes['graph.area'])).toContain('service health');
    expect(health.map((s) => s.attributes['url.template'])).toContain('/admin/serviceAnnouncement/issues');
  });

  it('metrics: commands by name and outcome, Graph calls by area and status, and the gauges', async () => {
    const has = (metric: string, attributes: Record<string, unknown>) =>
      otlp.points().some((p) => p.metric === metric && Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
    await otlp.waitFor(
      () =>
        has('mfa_bot.commands', { 'command.name': 'health' }) &&
        has('mfa_bot.tap.requests', {}) &&
        has('mfa_bot.outbox.depth', {}) &&
        has('mfa_bot.graph.circuit.state', {}),
      'the metrics',
    );
    for (const command of ['status', 'health'])
      expect(has('mfa_bot.commands', { 'command.name': command, 'command.outcome': 'answered', 'command.source': 'message' })).toBe(true);
    for (const area of ['directory', 'authentication methods', 'reports', 'service health'])
      expect(has('mfa_bot.graph.calls', { 'graph.area': area, 'graph.status': 'ok' })).toBe(true);
    expect(has('mfa_bot.graph.call.duration', { 'graph.area': 'directory' })).toBe(true);
    // Gauges: every area's circuit (0: ok), TAP requests by status, the outbox's depth and oldest age.
    const circuits = otlp.points().filter((p) => p.metric === 'mfa_bot.graph.circuit.state');
    expect(new Set(circuits.map((p) => p.attributes['graph.area']))).toEqual(
      new Set(['directory', 'authentication methods', 'reports', 'policies', 'service health', 'teams']),
    );
    expect(circuits.every((p) => p.value === 0)).toBe(true);
    expect(has('mfa_bot.tap.requests', { 'tap.status': 'pending' })).toBe(true);
    expect(has('mfa_bot.outbox.depth', { 'outbox.lanes': 'active' })).toBe(true);
    expect(has('mfa_bot.outbox.oldest_age', {})).toBe(true);
  });

  it('a throttled Graph read: the span says throttled, how many attempts, and the retry; the 429 is counted', async () => {
    t.sim.faults.add({ path: '/users', status: 429, retryAfterSeconds: 0, times: 1 });
    const { replies } = await t.send('status bob', hank);
    expect(replies.length).toBeGreaterThan(0);
    const throttled = () => otlp.spans().find((s) => s.attributes['graph.throttled'] === true);
    await otlp.waitFor(() => throttled() !== undefined, 'the throttled read');
    expect(throttled()).toMatchObject({
      attributes: { 'graph.area': 'directory', 'url.template': '/users', 'graph.status': 'ok', 'graph.attempts': 2 },
      events: [{ name: 'retry', attributes: { 'graph.attempt': 1, 'graph.status': '429', 'graph.retry_delay_ms': 0 } }],
    });
    await otlp.waitFor(
      () => otlp.points().some((p) => p.metric === 'mfa_bot.graph.calls' && p.attributes['graph.status'] === '429'),
      'the 429 count',
    );
  });

  it('a span per outbox delivery (kind, target, outcome) and deliveries counted by kind and outcome', async () => {
    const { replies } = await t.send('subscribe', hank, {
      kind: 'channel',
      channelId: '19:ops@thread.tacv2',
      teamId: '19:team@thread.tacv2',
    });
    expect(replies[0].body.text).toMatch(/^Subscribed/);
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    const delivery = () => otlp.spans().find((s) => s.name === 'outbox delivery' && s.attributes['delivery.kind'] === 'incident.card');
    await otlp.waitFor(() => delivery() !== undefined, 'the incident card delivery');
    expect(delivery()).toMatchObject({
      parentSpanId: undefined,
      attributes: { 'delivery.kind': 'incident.card', 'delivery.target': 'newThread', 'delivery.outcome': 'sent', 'delivery.attempts': 0 },
    });
    await otlp.waitFor(
      () =>
        otlp
          .points()
          .some(
            (p) =>
              p.metric === 'mfa_bot.deliveries' &&
              p.attributes['delivery.kind'] === 'incident.card' &&
              p.attributes['delivery.outcome'] === 'sent',
          ),
      'the delivery count',
    );
    expect(turnOf('subscribe')?.attributes).toMatchObject({ 'turn.conversation_kind': 'channel', 'turn.outcome': 'answered' });
  });

  it('a TAP approved by card: the command, the card verb and the in-turn deliveries are traced, and the code is not', async () => {
    await t.send('tap bob new phone', hank);
    const approval = approvalCardFor(t, maria.id);
    const res = await click(t, {
      from: person('maria'),
      verb: 'tap.approve',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    expect(res.body.statusCode).toBe(200);
    const approved = () => otlp.spans().find((s) => s.attributes['turn.card_verb'] === 'tap.approve');
    await otlp.waitFor(() => approved() !== undefined && turnOf('tap') !== undefined, 'the tap and approve turns');
    expect(approved()).toMatchObject({
      name: 'turn invoke',
      attributes: { 'turn.invoke_name': 'adaptiveCard/action', 'turn.outcome': 'answered' },
    });
    // The approval card went out within the tap turn: its delivery is that turn's child.
    const tapTurn = turnOf('tap')!;
    expect(childrenOf(tapTurn).some((s) => s.name === 'outbox delivery' && s.attributes['delivery.kind'] === 'tap.card')).toBe(true);
    // Creating the pass (it may finish after the click is answered) is a POST under the approving turn.
    const created = () =>
      childrenOf(approved()!).some(
        (s) =>
          s.attributes['http.request.method'] === 'POST' &&
          s.attributes['url.template'] === '/users/{id}/authentication/temporaryAccessPassMethods',
      );
    await otlp.waitFor(created, 'the pass creation', 20_000);
    await otlp.waitFor(
      () => otlp.points().some((p) => p.metric === 'mfa_bot.commands' && p.attributes['command.name'] === 'tap.approve'),
      'the card action count',
    );
    const codes = knownCodes(t);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(otlp.allText()).not.toContain(code);
  });

  it('close() flushes what is pending and stops exporting', async () => {
    await t.send('help', hank);
    closed = true;
    await t.close();
    // The help turn ended just before close: its span went out in the final flush.
    expect(turnOf('help')).toBeDefined();
    const after = otlp.posts.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(otlp.posts.length).toBe(after);
  });
  it('exported no sign-in name, display name, object id or message text, anywhere, from start to close', async () => {
    const everything = otlp.allText();
    expect(everything).toContain('turn.command'); // (what was exported is there to search)
    const people = [alice, bob, maria].flatMap((p) => [p.upn, p.displayName, p.id]);
    for (const personal of [...people, hank.name, hank.aadObjectId, CONTOSO.domain, 'new phone'])
      expect(everything).not.toContain(personal);
    expect(everything).not.toMatch(/alice|bob|maria|status alice/i);
  });
});
