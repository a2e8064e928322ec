import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cycles, importGraph, SRC } from './import-graph';

/**
 * The layers of src/, lowest first. A module may import its own layer or any lower one, never a higher one.
 * Within a layer, directories stay apart unless listed in SIDEWAYS. The tenant simulator is an island.
 * Each folder under features/ is a unit of its own: a feature (its commands, cards, outbox kinds, messages and
 * workers) beside the shared kit for turns below it and the router above it.
 */
const LAYERS: string[][] = [
  ['core', 'redaction.ts'],
  ['domain'],
  ['ports', 'logger.ts', 'config.ts', 'load-env-files.ts'],
  // Traces and metrics: beside the logger, below everything that records (graph/, delivery/, router/, start-bot.ts).
  ['telemetry'],
  ['graph', 'storage', 'delivery', 'exports', 'access', 'background'],
  ['services.ts'],
  // The kit every turn uses: progress messages, finding a person, last-known answers, private links, card parts.
  ['kit'],
  ['features'],
  ['router'],
  ['bot', 'server.ts'],
  ['start-bot.ts', 'start', 'demo', 'tools'],
  ['index.ts'],
];
/** Same-layer imports between directories that are intended. */
const SIDEWAYS = new Set<string>([
  // The outbox worker runs on the one lease-guarded loop every background worker shares.
  'delivery->background',
  // startBot reads as a list of steps, each wired in start/.
  'start-bot.ts->start',
]);

/** Where the outbox's store may be named: the outbox itself, the backends, and the migration tool. */
const OUTBOX_STORE_READERS = ['delivery', 'storage', 'tools'];

/**
 * The only modules a feature may import from another feature, each a seam named for what it offers. Everything
 * else a feature needs from outside comes from the kit, the ports or Services.
 */
const SEAMS: Record<string, string> = {
  'features/status/look-up.ts': 'a person and everything status shows about them (tap, lockout <user>)',
  'features/scans/cohort-ids.ts': 'who the last tenant scan counted at risk and new (impact compares with it)',
  'features/scans/scan-messages.ts': "a running scan's progress in words (notify counts its cohort with the same scan)",
  'features/incidents/runbook-steps.ts': 'marking a runbook step done when its command runs (audit, lockout, impact, notify)',
  'features/incidents/incident-report.ts': 'figures other features keep for the post-incident report (scans, impact)',
  'features/incidents/incident-lanes.ts': "a subscription's outbox lane, resumed when the bot is added back (subscriptions)",
};

const unitOf = (file: string) => (file.startsWith('features/') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0]);
const layerOf = (unit: string) => LAYERS.findIndex((l) => l.includes(unit.split('/')[0]));
const FRAMEWORK = /^(botbuilder|botframework-|@microsoft\/teams-ai)/;

describe('src/ layering', () => {
  const { files, edges } = importGraph();
  const local = edges.filter((e) => e.relative);

  it('has no import cycles, counting type-only, dynamic and require() imports', () => {
    expect(cycles(files, edges)).toEqual([]);
  });

  it('puts every module in a layer', () => {
    const units = [...new Set(files.map(unitOf))].filter((u) => u !== 'simulator');
    expect(units.filter((u) => layerOf(u) < 0)).toEqual([]);
  });

  it('only imports downwards (or sideways where intended)', () => {
    const upward = local
      .filter((e) => unitOf(e.from) !== 'simulator' && unitOf(e.to) !== 'simulator')
      .filter((e) => {
        const [a, b] = [unitOf(e.from), unitOf(e.to)];
        if (a === b) return false;
        const [la, lb] = [layerOf(a), layerOf(b)];
        if (a.startsWith('features/') && b.startsWith('features/')) return false; // the feature rule, below
        return lb > la || (lb === la && !SIDEWAYS.has(`${a}->${b}`));
      })
      .map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('keeps features apart: one feature imports another only through a named seam', () => {
    const across = local
      .filter((e) => unitOf(e.from).startsWith('features/') && unitOf(e.to).startsWith('features/'))
      .filter((e) => unitOf(e.from) !== unitOf(e.to) && !(e.to in SEAMS))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(across).toEqual([]);
  });

  it('names only seams another feature uses', () => {
    const used = new Set(local.filter((e) => unitOf(e.from) !== unitOf(e.to) && unitOf(e.from).startsWith('features/')).map((e) => e.to));
    expect(Object.keys(SEAMS).filter((s) => !used.has(s))).toEqual([]);
  });

  it('names every file uniquely, so a name says which module it is', () => {
    const byName = new Map<string, string[]>();
    for (const f of files) byName.set(f.split('/').pop()!, [...(byName.get(f.split('/').pop()!) ?? []), f]);
    expect([...byName.values()].filter((fs) => fs.length > 1)).toEqual([]);
  });

  it("leaves the outbox's store to delivery/: everyone else goes through the Outbox port", () => {
    const touching = files
      .filter((f) => !OUTBOX_STORE_READERS.includes(unitOf(f)))
      .filter((f) => /\bstore\.outbox\b/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(touching).toEqual([]);
  });

  it('keeps botbuilder and teams-ai inside src/bot/', () => {
    const outside = edges.filter((e) => !e.relative && FRAMEWORK.test(e.to) && unitOf(e.from) !== 'bot').map((e) => `${e.from} -> ${e.to}`);
    expect(outside).toEqual([]);
  });

  it('reaches Microsoft Graph only through the ports: graph/ is wired by start-bot.ts and imported nowhere else', () => {
    const into = local.filter((e) => unitOf(e.to) === 'graph' && unitOf(e.from) !== 'graph').map((e) => e.from);
    expect([...new Set(into)]).toEqual(['start-bot.ts']);
    const sdk = edges.filter((e) => !e.relative && e.to.startsWith('@microsoft/microsoft-graph-client')).map((e) => e.from);
    expect([...new Set(sdk.map(unitOf))].filter((u) => u !== 'graph' && u !== 'simulator')).toEqual([]);
  });

  it('keeps the tenant simulator apart: only the demo entry point starts it, and it imports nothing of the bot', () => {
    const into = local.filter((e) => unitOf(e.to) === 'simulator' && unitOf(e.from) !== 'simulator').map((e) => e.from);
    expect([...new Set(into)]).toEqual(['index.ts']);
    const outOf = local.filter((e) => unitOf(e.from) === 'simulator' && unitOf(e.to) !== 'simulator').map((e) => `${e.from} -> ${e.to}`);
    expect(outOf).toEqual([]);
  });

  it('finds the imports it checks (the parser sees static, type-only and dynamic forms)', () => {
    expect(local.some((e) => e.from === 'index.ts' && e.to === 'simulator/create-simulator.ts')).toBe(true); // dynamic import()
    expect(local.some((e) => e.from === 'services.ts' && e.to === 'ports/store.ts')).toBe(true); // import type
    expect(
      cycles(
        ['a', 'b', 'c'],
        [
          { from: 'a', to: 'b', relative: true },
          { from: 'b', to: 'a', relative: true },
        ],
      ),
    ).toEqual([['a', 'b']]);
  });
});
