import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  TelemetryHandler,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../config';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** The credential named by GRAPH_AUTH; `none` (loopback Graph only) sends no token. */
export function createGraphCredential(config: Config): TokenCredential | undefined {
  switch (config.GRAPH_AUTH) {
    case 'client-secret':
      return new ClientSecretCredential(config.GRAPH_TENANT_ID!, config.GRAPH_CLIENT_ID!, config.GRAPH_CLIENT_SECRET!);
    case 'certificate':
      return new ClientCertificateCredential(config.GRAPH_TENANT_ID!, config.GRAPH_CLIENT_ID!, {
        certificatePath: config.GRAPH_CERTIFICATE_PATH!,
      });
    case 'managed-identity':
      return config.GRAPH_CLIENT_ID ? new ManagedIdentityCredential({ clientId: config.GRAPH_CLIENT_ID }) : new ManagedIdentityCredential();
    default:
      return undefined;
  }
}

/**
 * The real Graph SDK client pointed at `baseUrl` (root including the version, e.g. https://graph.microsoft.com/v1.0).
 * The SDK's own retry handler is left out: GraphGateway retries with a deadline so a user hears back within seconds.
 */
export function createGraphClient(baseUrl: string, credential: TokenCredential | undefined): Client {
  const url = new URL(baseUrl.replace(/\/+$/, ''));
  const segments = url.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const root = `${url.origin}/${segments.map((s) => `${s}/`).join('')}`;

  const authProvider: AuthenticationProvider = credential
    ? new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] })
    : // GRAPH_AUTH=none (loopback only): no credential exists; a placeholder bearer keeps the request well-formed.
      { getAccessToken: async () => 'unauthenticated-local-graph' };
  const auth = new AuthenticationHandler(authProvider);
  const telemetry = new TelemetryHandler();
  auth.setNext(telemetry);
  telemetry.setNext(new HTTPMessageHandler());

  return Client.initWithMiddleware({
    baseUrl: root,
    defaultVersion: version,
    middleware: auth,
    customHosts: url.hostname === 'graph.microsoft.com' ? undefined : new Set([url.hostname]),
  });
}
