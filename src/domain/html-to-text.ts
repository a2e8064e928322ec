const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  copy: '©',
  reg: '®',
  trade: '™',
};

/** Decodes HTML character references; unknown names stay as written, invalid code points become U+FFFD. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/**
 * A service health post (HTML from Microsoft) as plain readable text: paragraphs and line breaks kept,
 * links kept as "label (url)" for http(s) targets only, scripts and styles dropped, every other tag removed,
 * entities decoded last so encoded markup stays text. Cards still pass the result through md().
 */
export function htmlToText(html: string, maxLength = 4000): string {
  let s = String(html ?? '');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(
    /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, _q, dq, sq, bare, label: string) => {
      const href = decodeEntities(String(dq ?? sq ?? bare ?? '')).trim();
      const text = label.replace(/<[^>]*>/g, '').trim();
      if (!/^https?:\/\//i.test(href)) return text;
      return text && decodeEntities(text) !== href ? `${text} (${href})` : href;
    },
  );
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<\/(p|div|h[1-6]|ul|ol|table|tr|blockquote)\s*>/gi, '\n\n');
  s = s.replace(/<(p|div|h[1-6]|ul|ol|table|tr|blockquote)\b[^>]*>/gi, '\n');
  s = s.replace(/<\/?[a-z!?][^>]*>/gi, '');
  s = decodeEntities(s);
  s = s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return s.length > maxLength ? `${s.slice(0, maxLength - 1)}…` : s;
}
