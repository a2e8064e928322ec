// The UMD bundle loads without a DOM; the package's ESM entry does not resolve on Node 20.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle has no type declarations to import
const AC = require('adaptivecards/dist/adaptivecards.js');

const MAX_BYTES = 28 * 1024;
const TEAMS_UNSUPPORTED = new Set(['Media']);

/** Problems with a card as Teams would see it: schema ≤1.5, unknown elements, bad values, size. */
export function cardProblems(card: any): string[] {
  const problems: string[] = [];
  if (card?.type !== 'AdaptiveCard') problems.push('type must be AdaptiveCard');
  if (!card?.version || Number(card.version) > 1.5) problems.push(`version must be ≤ 1.5 (got ${card?.version})`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_BYTES) problems.push(`card is ${bytes} bytes, over ${MAX_BYTES}`);
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  parsed.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string' && TEAMS_UNSUPPORTED.has(node.type)) problems.push(`Teams does not support ${node.type}`);
    if (node.type === 'Action.Execute' && !node.verb) problems.push('Action.Execute without a verb');
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return problems;
}
