import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Key {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot Framework token service: OpenID metadata plus a JWKS with keys generated
 * at test time, and a minter for RS256 channel tokens. botbuilder is pointed at it through
 * BOT_OPENID_METADATA / BOT_TOKEN_ISSUER, so its real validation code runs against known keys.
 */
export class OpenIdIssuer {
  readonly issuer = 'https://token-issuer.local.test';
  private keys: Key[] = [];
  private server = http.createServer((req, res) => {
    const body =
      req.url === '/.well-known/openidconfiguration'
        ? { issuer: this.issuer, jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? { keys: this.keys.map((k) => k.jwk) }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  url = '';

  get metadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.addKey('teams-key', ['msteams']);
    this.addKey('other-channel-key', ['webchat']);
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  addKey(kid: string, endorsements: string[]): void {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', endorsements };
    this.keys.push({ kid, privateKey, jwk });
  }

  /** A channel token; override any claim, pick the key, or sign with a key nobody published. */
  mint(claims: Record<string, unknown>, opts: { kid?: string; foreignKey?: boolean } = {}): string {
    const kid = opts.kid ?? 'teams-key';
    const key = opts.foreignKey
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : this.keys.find((k) => k.kid === kid)!.privateKey;
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = enc({ alg: 'RS256', typ: 'JWT', kid });
    const body = enc({ iss: this.issuer, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims });
    const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
    return `${head}.${body}.${sig}`;
  }
}
