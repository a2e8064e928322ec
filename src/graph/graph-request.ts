import type { GraphPriority } from '../core/graph-priority';
import type { GraphFailure } from '../domain/errors';

export interface GraphRequest {
  /** What we were doing, in words a helpdesk agent understands ("alice's authentication methods"). */
  part: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the version root, or an absolute nextLink. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A tighter total time for this call than the gateway's default (e.g. inside a Teams invoke). */
  budgetMs?: number;
  /** Give up when no throttling slot frees within this time (the caller has a fallback). */
  slotWaitMs?: number;
  /** A POST that only reads (checkMemberGroups): safe to send again after an outage answer. */
  idempotent?: boolean;
  priority?: GraphPriority;
}

/** One GET inside a $batch; `path` is below the version root and may carry its query string. */
export interface BatchItem {
  id: string;
  part: string;
  path: string;
  headers?: Record<string, string>;
  slotWaitMs?: number;
  /** Overrides the batch's priority for this item (a read with a fallback can yield to one without). */
  priority?: GraphPriority;
}

export type BatchResult = { ok: true; status: number; body: unknown } | { ok: false; failure: GraphFailure };

export interface GraphOutcome {
  ok: boolean;
  at: string;
  status?: number;
  code?: string;
  part?: string;
}
