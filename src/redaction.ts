/**
 * The last line of defence for logs: whatever shape a log line takes (an error carrying request headers,
 * a message quoting a Graph body), bearer tokens and registered secret values never reach the output.
 * Field-based redaction in logger.ts handles the expected places; this catches the unexpected ones.
 */
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const DAY = 24 * 60 * 60_000;
const sensitive = new Map<string, number>();

/** Registers a value (a client secret, a TAP code) that must never appear in a log line. */
export function neverLog(value: string | undefined, ttlMs = Number.POSITIVE_INFINITY): void {
  if (!value || value.length < 4) return;
  sensitive.set(value, Date.now() + ttlMs);
}

export function scrub(text: string): string {
  let out = text.replace(BEARER, '$1 [redacted]');
  const now = Date.now();
  for (const [value, until] of sensitive) {
    if (until < now) {
      sensitive.delete(value);
      continue;
    }
    if (out.includes(value)) out = out.split(value).join('[redacted]');
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value && out.includes(escaped)) out = out.split(escaped).join('[redacted]');
  }
  return out;
}

/** TAP codes are only sensitive while they can be used: the longest policy lifetime is 30 days. */
export const TAP_CODE_TTL_MS = 31 * DAY;
