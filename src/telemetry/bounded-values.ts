/**
 * Telemetry records only bounded values: names and codes from the bot's own vocabulary, or `other`. Never
 * message text, names, sign-in names, ids, error messages, or a TAP code.
 */

const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** The value when it is one of `allowed`, else `other`. */
export const bounded = (value: unknown, allowed: Set<string>): string =>
  typeof value === 'string' && allowed.has(value) ? value : 'other';

/** A code from Graph or the bot (Request_ResourceNotFound, GRAPH_THROTTLED); anything else is `other`. */
export const codeOf = (value: unknown): string => (typeof value === 'string' && CODE.test(value) ? value : 'other');
