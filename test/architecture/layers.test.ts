import { cycles, importGraph } from './import-graph';

/**
 * The layers of src/, lowest first. A module may import its own layer or any lower one, never a higher one.
 * Within a layer, directories stay apart unless listed in SIDEWAYS. The tenant simulator is an island.
 */
const LAYERS: string[][] = [
  ['core', 'redaction.ts'],
  ['domain'],
  ['ports', 'messages.ts', 'logger.ts', 'config.ts', 'load-env-files.ts', 'in-flight.ts'],
  // Traces and metrics: beside the logger, below everything that records (graph/, delivery/, commands/, start-bot.ts).
  ['telemetry'],
  ['cards', 'graph', 'storage', 'delivery', 'exports', 'access'],
  ['poller'],
  ['services.ts'],
  ['handlers', 'tap', 'notify', 'impact'],
  ['commands'],
  ['bot', 'server.ts'],
  ['start-bot.ts', 'demo', 'tools'],
  ['index.ts'],
];
/** Same-layer imports that are intended: a feature reusing another's user lookup, or the progress message. */
const SIDEWAYS = new Set(['tap->handlers', 'notify->handlers', 'impact->handlers']);

const unitOf = (file: string) => file.split('/')[0];
const layerOf = (unit: string) => LAYERS.findIndex((l) => l.includes(unit));
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
        return lb > la || (lb === la && !SIDEWAYS.has(`${a}->${b}`));
      })
      .map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
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
