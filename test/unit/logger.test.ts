import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { neverLog } from '../../src/redaction';
import { Secret } from '../../src/domain/secret';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('blanks credentials by field, wherever they sit', () => {
    const { logger, text } = capture();
    logger.info(
      { headers: { authorization: 'Bearer abc' }, clientSecret: 's3cr3t-value', req: { headers: { authorization: 'x' } } },
      'call',
    );
    logger.info({ temporaryAccessPass: 'Tap&Code1', tap: { temporaryAccessPass: 'Tap&Code1' } }, 'graph body');
    expect(text()).not.toMatch(/Bearer abc|s3cr3t-value|Tap&Code1/);
    expect(text()).toContain('[redacted]');
  });

  it('scrubs bearer tokens and registered secrets from anywhere in the line, errors included', () => {
    const { logger, text } = capture();
    neverLog('client-secret-123');
    const code = new Secret('Zx9!q&T<');
    const err = Object.assign(new Error('connector said no'), {
      request: { headers: { _map: { authorization: 'Bearer eyJhbGciOi.J9.abc' } } },
    });
    logger.warn({ err }, 'send failed');
    logger.error(`Graph answered {"temporaryAccessPass":"${code.reveal()}"} with client-secret-123`);
    logger.info({ nested: { deep: { deeper: { value: code.reveal() } } } }, 'odd place');
    expect(text()).not.toContain('eyJhbGciOi');
    expect(text()).not.toContain('client-secret-123');
    expect(text()).not.toContain(code.reveal());
    expect(text()).not.toContain(JSON.stringify(code.reveal()).slice(1, -1));
    expect(String(code)).toBe('[redacted]');
    expect(JSON.stringify({ code })).toBe('{"code":"[redacted]"}');
  });
});
