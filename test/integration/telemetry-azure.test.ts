import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { ensureCertificate } from '../../src/simulator/tls-certificate.js';
import { loopbackOnly } from '../helpers/loopback-only';
import { OtlpStandIn } from '../helpers/otlp-stand-in';
import { startTestBot, TLS_DIR, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: CONTOSO.users.hank.displayName };
const { alice } = CONTOSO.users;
/** The Azure VM metadata address, which @azure/monitor-opentelemetry probes at start (its resource detection). */
const IMDS = '169.254.169.254:80';

/**
 * Azure Monitor can't be reached offline, so: the connection string names a local HTTPS stand-in as its
 * ingestion endpoint, and every connection that would leave this machine is refused inside the process
 * before it connects. What this proves: the distro starts, exports the bot's spans and metrics in its own
 * format, and shuts down without throwing; what it tried to reach besides the stand-in.
 */
describe('traces and metrics to Azure Monitor (offline)', () => {
  let guard: ReturnType<typeof loopbackOnly>;
  let ingestion: Server;
  let t: TestBot;
  const received: string[] = [];
  let attemptsAtStart: string[] = [];
  let connectionString = '';

  beforeAll(async () => {
    guard = loopbackOnly();
    // The distro's own usage reports to Microsoft (statsbeat, SDK stats) are off here: they'd go elsewhere.
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
    process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'true';
    const tls = ensureCertificate(TLS_DIR);
    ingestion = createServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        received.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
    const port = (ingestion.address() as AddressInfo).port;
    connectionString = `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`;
    t = await startTestBot({ env: { APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString } });
    attemptsAtStart = [...guard.attempts];
  });
  afterAll(async () => {
    ingestion.closeAllConnections();
    await new Promise<void>((resolve) => ingestion.close(() => resolve()));
    guard.restore();
    delete process.env.APPLICATION_INSIGHTS_NO_STATSBEAT;
    delete process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED;
  });

  it('the guard refuses a connection off this machine before it is made', () => {
    const socket = { destroy: jest.fn() };
    const before = guard.attempts.length;
    // Called on a stand-in object: were the guard to let it through, Node would throw rather than connect.
    net.Socket.prototype.connect.call(socket as unknown as net.Socket, [{ host: '169.254.169.254', port: 80 }, () => undefined] as never);
    expect(guard.attempts.slice(before)).toEqual([IMDS]);
    guard.attempts.splice(before);
  });

  it('starts in azure-monitor mode; at start nothing but the VM metadata probe (refused here) tried to leave the machine', () => {
    expect(t.bot.telemetry.mode).toBe('azure-monitor');
    expect(attemptsAtStart.filter((a) => a !== IMDS)).toEqual([]);
  });

  it('exports turns and Graph calls as requests and dependencies, and shuts down without throwing', async () => {
    for (const text of ['help', 'status alice']) expect((await t.send(text, hank)).status).toBe(200);
    await expect(t.close()).resolves.toBeUndefined();
    const envelopes = received.flatMap((body) => JSON.parse(body) as Array<{ name: string; data: { baseType: string; baseData: any } }>);
    const requests = envelopes.filter((e) => e.data.baseType === 'RequestData').map((e) => e.data.baseData);
    expect(requests.map((r) => r.properties['turn.command'])).toEqual(expect.arrayContaining(['help', 'status']));
    const dependencies = envelopes.filter((e) => e.data.baseType === 'RemoteDependencyData').map((e) => e.data.baseData.properties);
    expect(dependencies).toEqual(
      expect.arrayContaining([expect.objectContaining({ 'graph.area': 'authentication methods', 'graph.status': 'ok' })]),
    );
    const metrics = envelopes
      .filter((e) => e.data.baseType === 'MetricData')
      .flatMap((e) => e.data.baseData.metrics.map((m: any) => m.name));
    expect(metrics).toEqual(expect.arrayContaining(['mfa_bot.commands', 'mfa_bot.graph.calls']));
    expect(guard.attempts.filter((a) => a !== IMDS)).toEqual([]);
  });

  it('exported no sign-in name, display name, object id or message text', () => {
    const everything = received.join('\n');
    expect(everything.length).toBeGreaterThan(0);
    for (const personal of [alice.upn, alice.displayName, alice.id, hank.name, hank.aadObjectId, CONTOSO.domain])
      expect(everything).not.toContain(personal);
    expect(everything).not.toMatch(/alice/i);
  });

  it('with an OTLP endpoint as well, both receive the same turn', async () => {
    const otlp = await new OtlpStandIn().start();
    const before = received.length;
    const both = await startTestBot({
      env: { APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url },
    });
    try {
      expect(both.bot.telemetry.mode).toBe('otlp+azure-monitor');
      await both.send('help', hank);
    } finally {
      await both.close();
      await otlp.close();
    }
    expect(otlp.spans().map((s) => s.attributes['turn.command'])).toContain('help');
    const requests = received
      .slice(before)
      .flatMap((body) => JSON.parse(body) as Array<{ data: { baseType: string; baseData: any } }>)
      .filter((e) => e.data.baseType === 'RequestData');
    expect(requests.map((r) => r.data.baseData.properties['turn.command'])).toContain('help');
    expect(guard.attempts.filter((a) => a !== IMDS)).toEqual([]);
  });
});
