'use strict';
// Longest files first, so the run ends with short ones instead of one long file on its own. Jest does this by
// itself from the durations it cached on an earlier run; a clean clone (CI) has none, so the files that wait on
// real time (bot processes and Azure leases, the browser, the outage drill) and the whole-bot files are named here.
const Sequencer = require('@jest/test-sequencer').default;

const WEIGHTS = [
  [/test\/scale-out\//, 100],
  [/test\/integration\/outage-drill\.test\.ts$/, 90],
  [/test\/contract\/table-store\.contract\.test\.ts$/, 80],
  [/test\/e2e\//, 70],
  [/test\/integration\//, 50],
  [/test\/(simulator|tools)\//, 20],
  [/test\/contract\//, 10],
];

const weightOf = (path) => (WEIGHTS.find(([re]) => re.test(path.replace(/\\/g, '/'))) ?? [null, 0])[1];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const cached = super.sort(tests); // failed first, then by cached duration, else by size
    const rank = new Map(cached.map((t, i) => [t, i]));
    const known = (t) => (this._getCache(t)[t.path] ? 1 : 0);
    // With durations cached for every file, jest's own order is best; otherwise the weights lead.
    if (tests.every(known)) return cached;
    return [...tests].sort((a, b) => weightOf(b.path) - weightOf(a.path) || rank.get(a) - rank.get(b));
  }
}

module.exports = SlowFirstSequencer;
