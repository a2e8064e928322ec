/**
 * For benchmarks that measure the bot's own CPU and memory, not Microsoft's pace: the simulator stops
 * throttling and the bot's request budget is lifted, so neither side waits for Graph's windows.
 */
export const UNTHROTTLED_SIMULATOR = { SIMULATOR_THROTTLE: 'off' };

const NO_BUDGET = '1000000/1s';
export const NO_GRAPH_BUDGET = {
  GRAPH_LIMIT_REPORTS: NO_BUDGET,
  GRAPH_LIMIT_CONDITIONAL_ACCESS: NO_BUDGET,
  GRAPH_LIMIT_SERVICE_HEALTH: NO_BUDGET,
  GRAPH_LIMIT_TEAMS: NO_BUDGET,
};
