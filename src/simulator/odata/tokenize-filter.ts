/** Lexer for OData $filter. Throws FilterSyntaxError with the position of the problem. */

export type Token =
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'datetime'; value: string; pos: number }
  | { type: 'guid'; value: string; pos: number }
  | { type: 'identifier'; value: string; pos: number }
  | { type: 'punct'; value: '(' | ')' | ',' | ':' | '/'; pos: number }
  | { type: 'end'; pos: number };

export class FilterSyntaxError extends Error {}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/i;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const IDENTIFIER = /^[A-Za-z_][\w.]*/;

export function tokenizeFilter(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ('(),:/'.includes(ch)) {
      tokens.push({ type: 'punct', value: ch as '(' | ')' | ',' | ':' | '/', pos: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError(`unterminated string literal at position ${start}`);
        if (text[i] === "'") {
          // '' is an escaped quote; a single ' closes the literal.
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    const rest = text.slice(i);
    const match =
      matchAs(rest, DATETIME, 'datetime') ??
      matchAs(rest, GUID, 'guid') ??
      matchAs(rest, NUMBER, 'number') ??
      matchAs(rest, IDENTIFIER, 'identifier');
    if (!match) throw new FilterSyntaxError(`syntax error at position ${i} ('${ch}')`);
    const [type, raw] = match;
    if (type === 'number') tokens.push({ type, value: Number(raw), pos: i });
    else tokens.push({ type, value: raw, pos: i });
    i += raw.length;
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

function matchAs<T extends string>(rest: string, re: RegExp, type: T): [T, string] | undefined {
  const m = re.exec(rest);
  return m ? [type, m[0]] : undefined;
}
