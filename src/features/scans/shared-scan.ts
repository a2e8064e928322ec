import { rmSync } from 'node:fs';
import type { ScanProgress, ScanResult, TenantScans } from '../../domain/scan-result';

interface Running {
  result: Promise<ScanResult>;
  listeners: Set<(p: ScanProgress) => void>;
  last?: ScanProgress;
  wantsCsv: boolean;
}

/**
 * One tenant scan at a time per instance, shared by everyone who asks while it runs: a second `audit`
 * (or a `lockout` next to an `audit`) joins the running one and watches its progress, instead of
 * spending the reports bucket again. Every scan writes the CSV; it is deleted when nobody who joined
 * wanted it.
 */
export class SharedScans implements TenantScans {
  private running: Running | undefined;

  /** `scan` runs one pass (scanTenant with the services), reporting progress as it goes. */
  constructor(private readonly scan: (onProgress: (p: ScanProgress) => void) => Promise<ScanResult>) {}

  join(opts: { csv: boolean; onProgress?: (p: ScanProgress) => void }): Promise<ScanResult> {
    const run = this.running ?? this.start();
    run.wantsCsv ||= opts.csv;
    const listener = opts.onProgress;
    if (listener) {
      run.listeners.add(listener);
      if (run.last) listener(run.last);
    }
    return run.result.finally(() => {
      if (listener) run.listeners.delete(listener);
    });
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  private start(): Running {
    const run: Running = { listeners: new Set(), wantsCsv: false, result: undefined as unknown as Promise<ScanResult> };
    run.result = this.scan((p) => {
      run.last = p;
      for (const l of run.listeners) l(p);
    }).then(
      (result) => {
        if (this.running === run) this.running = undefined;
        if (!run.wantsCsv && result.csvPath) rmSync(result.csvPath, { force: true });
        return result;
      },
      (error: unknown) => {
        if (this.running === run) this.running = undefined;
        throw error;
      },
    );
    this.running = run;
    return run;
  }
}
