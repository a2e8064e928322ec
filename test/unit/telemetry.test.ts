import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { graphPathShape } from '../../src/telemetry/graph-path';
import { parseHeaders, startTelemetry } from '../../src/telemetry/start-telemetry';
import { noteCommand, Telemetry } from '../../src/telemetry/telemetry';
import { OtlpStandIn } from '../helpers/otlp-stand-in';

// Every module of the SDK records when it is loaded: off must load none of them.
const mockLoaded: string[] = [];
const SDK = [
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/resources',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@azure/monitor-opentelemetry',
];
jest.mock('@opentelemetry/sdk-trace-base', () => (mockLoaded.push('sdk-trace-base'), jest.requireActual('@opentelemetry/sdk-trace-base')));
jest.mock('@opentelemetry/sdk-metrics', () => (mockLoaded.push('sdk-metrics'), jest.requireActual('@opentelemetry/sdk-metrics')));
jest.mock('@opentelemetry/resources', () => (mockLoaded.push('resources'), jest.requireActual('@opentelemetry/resources')));
jest.mock(
  '@opentelemetry/exporter-trace-otlp-http',
  () => (mockLoaded.push('exporter-trace-otlp-http'), jest.requireActual('@opentelemetry/exporter-trace-otlp-http')),
);
jest.mock(
  '@opentelemetry/exporter-metrics-otlp-http',
  () => (mockLoaded.push('exporter-metrics-otlp-http'), jest.requireActual('@opentelemetry/exporter-metrics-otlp-http')),
);
jest.mock(
  '@azure/monitor-opentelemetry',
  () => (mockLoaded.push('monitor-opentelemetry'), jest.requireActual('@azure/monitor-opentelemetry')),
);

const logs: string[] = [];
const logger = createLogger(
  'info',
  new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  }),
);

describe('telemetry off (the default)', () => {
  it('with no exporter configured: Telemetry.off, and not one SDK module loaded', async () => {
    const telemetry = await startTelemetry(loadConfig({}), logger, '1.0.0');
    expect(telemetry).toBe(Telemetry.off);
    expect(telemetry.mode).toBe('off');
    expect(telemetry.recording).toBe(false);
    // The hooks only call through: same results, nothing recorded, nothing to flush.
    expect(await telemetry.turn({ type: 'message' }, async () => 'ran')).toBe('ran');
    const call = telemetry.graphCall({ method: 'GET', path: '/users/alice@contoso.com', area: 'directory' });
    expect(await call.slot(async () => 1)).toBe(1);
    expect(
      await call.attempt(
        async () => 2,
        () => undefined,
      ),
    ).toBe(2);
    call.end();
    expect(await telemetry.delivery({ kind: 'incident.card', target: 'conversation', attempts: 0 }, async () => 'sent')).toBe('sent');
    noteCommand('status', 'answered');
    await telemetry.shutdown();
    expect(mockLoaded).toEqual([]);
    expect(SDK.filter((m) => mockLoaded.includes(m.split('/')[1]))).toEqual([]);
  });

  it('OTEL_SDK_DISABLED=true wins over a configured endpoint', async () => {
    const telemetry = await startTelemetry(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
      logger,
      '1.0.0',
    );
    expect(telemetry.mode).toBe('off');
    expect(mockLoaded).toEqual([]);
  });

  it('(the control) with an endpoint the SDK is loaded, started and stopped', async () => {
    const otlp = await new OtlpStandIn().start();
    const telemetry = await startTelemetry(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `${otlp.url}/`, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t%2Fvalue' }),
      logger,
      '1.0.0',
    );
    expect(telemetry.mode).toBe('otlp');
    expect(mockLoaded).toEqual(
      expect.arrayContaining(['sdk-trace-base', 'sdk-metrics', 'exporter-trace-otlp-http', 'exporter-metrics-otlp-http']),
    );
    expect(mockLoaded).not.toContain('monitor-opentelemetry');
    await telemetry.turn({ type: 'message' }, async () => telemetry.command('message', 'help', 'answered'));
    await telemetry.shutdown();
    expect(otlp.posts.map((p) => p.path)).toEqual(expect.arrayContaining(['/v1/traces', '/v1/metrics']));
    await otlp.close();
    expect(logs.join('')).not.toContain('s3cr3t');
  });
});

describe('graphPathShape', () => {
  it.each([
    ['/users/alice@contoso.com', '/users/{id}'],
    ['/users/alice%40contoso.com/authentication/methods', '/users/{id}/authentication/methods'],
    ['/users/alice', '/users/{id}'],
    ['/users/0b7e0000-0000-4000-8000-000000000001/manager?$select=id,displayName', '/users/{id}/manager'],
    ['/users?$filter=startswith(displayName,%27Alice%27)', '/users'],
    [
      '/groups/c0de0000-0000-4000-9000-000000000001/transitiveMembers/microsoft.graph.user',
      '/groups/{id}/transitiveMembers/microsoft.graph.user',
    ],
    ["/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members", '/directoryRoles({key})/members'],
    [
      '/reports/authenticationMethods/userRegistrationDetails/0b7e0000-0000-4000-8000-000000000001',
      '/reports/authenticationMethods/userRegistrationDetails/{id}',
    ],
    ['https://graph.microsoft.com/v1.0/users?$skiptoken=abc123', '/users'],
    ['/admin/serviceAnnouncement/issues/EX123456', '/admin/serviceAnnouncement/issues/{id}'],
    [
      '/users/x/authentication/temporaryAccessPassMethods/3f2a9c1e-0000-4000-8000-000000000001',
      '/users/{id}/authentication/temporaryAccessPassMethods/{id}',
    ],
    ['/$batch', '/$batch'],
  ])('%s → %s', (path, shape) => {
    expect(graphPathShape(path)).toBe(shape);
  });
});

describe('parseHeaders', () => {
  it('reads key=value pairs, values URL-decoded', () => {
    expect(parseHeaders('api-key=a%3Db, x-tenant = contoso ,broken')).toEqual({ 'api-key': 'a=b', 'x-tenant': 'contoso' });
    expect(parseHeaders(undefined)).toEqual({});
  });
});
