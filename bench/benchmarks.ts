import { statusBenchmark } from './status.bench';

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

/** Every benchmark `npm run bench` knows. Each lives in its own bench/<name>.bench.ts. */
export const BENCHMARKS: Benchmark[] = [statusBenchmark];
