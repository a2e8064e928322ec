import type { AdaptiveCard } from '../core/reply';

export { formatUtc } from '../core/format';

/** Small pure builders for Adaptive Card 1.5 elements, so every card reads alike. */
export type Element = Record<string, unknown>;

export function adaptiveCard(body: Element[], extra: Record<string, unknown> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...extra,
  };
}

export function heading(text: string, subtitle?: string): Element[] {
  const out: Element[] = [{ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  if (subtitle) out.push({ type: 'TextBlock', text: subtitle, isSubtle: true, spacing: 'None', wrap: true });
  return out;
}

export function textBlock(text: string, opts: Record<string, unknown> = {}): Element {
  return { type: 'TextBlock', text, wrap: true, ...opts };
}

export function section(title: string, items: Element[]): Element {
  return {
    type: 'Container',
    spacing: 'Medium',
    separator: true,
    items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }, ...items],
  };
}

export function facts(pairs: Array<[string, string | undefined]>): Element {
  return {
    type: 'FactSet',
    facts: pairs.filter(([, v]) => v !== undefined && v !== '').map(([title, value]) => ({ title, value: value! })),
  };
}

/** A coloured band for warnings and incidents; Teams renders `attention`/`warning`/`good` styles. */
export function banner(text: string, style: 'attention' | 'warning' | 'good' | 'accent'): Element {
  return {
    type: 'Container',
    style,
    bleed: true,
    items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }],
  };
}

export function bullets(lines: string[]): Element {
  return { type: 'TextBlock', text: lines.map((l) => `- ${l}`).join('\n'), wrap: true };
}

/** Adaptive Card text is Markdown: neutralise what a directory value could use to inject formatting. */
export function md(value: string | null | undefined): string {
  return String(value ?? '').replace(/([\\`*[\]<>])/g, '\\$1');
}

/**
 * A command the reader can type, shown literally: Teams' card markdown has no code spans and would
 * swallow "<reason>" as an HTML tag, so the text is escaped and set in bold instead.
 */
export function command(text: string): string {
  return `**${md(text)}**`;
}

export function yesNo(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : v ? 'Yes' : 'No';
}

/** The same card with a banner on top (a last-known answer says how old it is). Pure: the card given is unchanged. */
export function withBanner(card: AdaptiveCard, text: string, style: 'attention' | 'warning' | 'good' | 'accent'): AdaptiveCard {
  const body = Array.isArray(card.body) ? (card.body as Element[]) : [];
  return { ...card, body: [banner(text, style), ...body] };
}

/** Universal Action, with an Action.Submit fallback for Teams clients that predate Universal Actions. */
export function executeAction(title: string, verb: string, data: Record<string, unknown>): Element {
  return { type: 'Action.Execute', title, verb, data, fallback: { type: 'Action.Submit', title, data: { verb, ...data } } };
}
