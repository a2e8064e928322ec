import { notifyMessages } from './notify-messages';

/** Longest message a helpdesk member may type, in characters (code points). */
export const MAX_MESSAGE = 1000;

const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;
const KNOWN = new Set(['name', 'incident']);
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&amp;': '&' };

export type MessageCheck = { ok: true; message: string } | { ok: false; problem: string };

/**
 * The message as the requester meant it: the few HTML entities Teams sends for what was typed decoded (once),
 * whitespace collapsed. Nothing here is trusted later: every rendering escapes it again.
 */
export function normaliseMessage(raw: string): string {
  return raw
    .replace(/&(lt|gt|quot|#39|apos|amp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Present, at most MAX_MESSAGE characters, and no placeholder but {name} and {incident} (any case). */
export function checkMessage(raw: string): MessageCheck {
  const message = normaliseMessage(raw);
  if (!message) return { ok: false, problem: notifyMessages.messageMissing() };
  const length = [...message].length;
  if (length > MAX_MESSAGE) return { ok: false, problem: notifyMessages.messageTooLong(length, MAX_MESSAGE) };
  for (const m of message.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(m[1].toLowerCase())) return { ok: false, problem: notifyMessages.unknownPlaceholder(m[1]) };
  }
  return { ok: true, message };
}

export interface Fill {
  /** The recipient's name (a manager's, for a digest). */
  name: string;
  /** The identity incident the campaign was sent during, when there was one. */
  incident?: { id: string; title: string };
}

/** "EN1032117 (Users can't set up MFA)", or the plain words when no incident was active. */
export function incidentWords(incident: Fill['incident']): string {
  return incident ? `${incident.id} (${incident.title})` : notifyMessages.incidentFallback();
}

/** The message with its placeholders filled, as plain text (for a notification's summary and for tests). */
export function fillPlain(template: string, fill: Fill): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => valueOf(key, fill) ?? whole);
}

/**
 * The message as Adaptive Card markdown that shows exactly what was typed: the template and each filled-in
 * value are escaped separately, so neither the requester nor a directory name can add formatting, links,
 * lists or mentions.
 */
export function fillMarkdown(template: string, fill: Fill): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const value = valueOf(m[1], fill);
    if (value === undefined) continue;
    out += escapeCardText(template.slice(last, m.index)) + escapeCardText(value);
    last = m.index + m[0].length;
  }
  return leadingSafe(out + escapeCardText(template.slice(last)));
}

function valueOf(key: string, fill: Fill): string | undefined {
  const k = key.toLowerCase();
  if (k === 'name') return fill.name;
  if (k === 'incident') return incidentWords(fill.incident);
  return undefined;
}

/**
 * Card markdown, neutralised: Teams renders **bold**, _italic_, ~strike~, `code`, [links](…) and lists in a
 * TextBlock, so every character that could start one is backslash-escaped. Angle brackets too: `<at>` would
 * read as a mention.
 */
export function escapeCardText(text: string): string {
  return text.replace(/([\\`*_~[\]()<>|])/g, '\\$1');
}

/** A line starting with "- ", "+ ", "# ", "> " or "1. " would become a list, heading or quote. */
function leadingSafe(markdown: string): string {
  return markdown.replace(/^(\s*)([-+#>]|\d+\.)/, (_m, space: string, mark: string) =>
    mark.endsWith('.') ? `${space}${mark.slice(0, -1)}\\.` : `${space}\\${mark}`,
  );
}

/** How to reach the helpdesk: an https, tel: or mailto: address as a link, anything else shown as typed. */
export function contactMarkdown(contact: string): string {
  const c = contact.trim();
  if (/^(https:\/\/|tel:|mailto:)[^\s()<>[\]\\`]+$/i.test(c)) return `[${escapeCardText(c.replace(/^(tel|mailto):/i, ''))}](${c})`;
  return escapeCardText(c);
}
