import type { ConnectorCall } from './connector-stand-in';

/** Text of every TextBlock and fact in a card, flattened, for assertions that read like the user sees it. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${f.title}: ${f.value}`);
    if (typeof node.title === 'string' && node.type?.startsWith?.('Action.')) out.push(`[${node.title}]`);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.map(rendered).join('\n');
}

/** Card markdown as a reader sees it: bold markers gone, backslash escapes resolved. */
function rendered(markdown: string): string {
  return markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');
}

export function cardOf(call: ConnectorCall): any {
  return call.body?.attachments?.[0]?.content;
}
