import pino, { type Logger } from 'pino';
import { scrub } from './redaction';

export type { Logger };

/** Paths pino blanks out wherever they appear: credentials, bearer tokens and TAP codes. */
export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'clientSecret',
  '*.clientSecret',
  'password',
  '*.password',
  'temporaryAccessPass',
  '*.temporaryAccessPass',
  '*.*.temporaryAccessPass',
  '*.*.*.temporaryAccessPass',
  'tapCode',
  '*.tapCode',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'mfa-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrub },
    },
    destination,
  );
}
