export interface ParsedCommand {
  /** The verb, lower-cased; '' for an empty message. */
  verb: string;
  args: string;
}

/**
 * "@mfa-bot Status  Alice" → { verb: 'status', args: 'Alice' }. Teams has already removed the bot's
 * mention; leftover <at> tags, HTML, a leading slash and odd whitespace are tolerated.
 */
export function parseCommand(text: string | undefined | null): ParsedCommand {
  const clean = String(text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
    .replace(/[\u0000-\u001f\u007f\u200b-\u200d\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\//, '');
  const space = clean.indexOf(' ');
  if (space < 0) return { verb: clean.toLowerCase(), args: '' };
  return { verb: clean.slice(0, space).toLowerCase(), args: clean.slice(space + 1).trim() };
}

/** Splits "bob needs to re-register" into the first word and the rest. */
export function firstWord(args: string): [string, string] {
  const i = args.indexOf(' ');
  return i < 0 ? [args, ''] : [args.slice(0, i), args.slice(i + 1).trim()];
}
