import { statusBenchmark } from './status.bench';
import { tapBenchmark } from './tap.bench';
import { auditBenchmark } from './audit.bench';
import { fanoutBenchmark } from './fanout.bench';
import { helpdeskBenchmark } from './helpdesk.bench';
import { notifyBenchmark } from './notify.bench';
import { impactBenchmark } from './impact.bench';
import type { BenchStore } from './bench-store';

export interface Benchmark {
  name: string;
  description: string;
  /** Every bot it starts runs on `store` (`--store sqlite|table`). */
  run(store: BenchStore): Promise<void>;
}

/** Every benchmark `npm run bench` knows. Each lives in its own bench/<name>.bench.ts. */
export const BENCHMARKS: Benchmark[] = [
  statusBenchmark,
  helpdeskBenchmark,
  auditBenchmark,
  fanoutBenchmark,
  tapBenchmark,
  notifyBenchmark,
  impactBenchmark,
];
