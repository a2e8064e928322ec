import type { TapAuditEntry, TapAuditEvent, TapPerson, TapRequest, TapStatus } from '../../domain/tap-request';
import type { Services } from '../../services';

export type Committed = { won: true; req: TapRequest } | { won: false; req: TapRequest };

/**
 * The one way a stored TAP request changes state: a compare-and-set from `from` to `next`, then its audit
 * entry. Exactly one of any number of concurrent callers (clicks, instances, sweeps) wins; a loser gets the
 * request as it is stored now, so it can show the outcome someone else produced.
 */
export async function commitTransition(
  services: Pick<Services, 'store' | 'clock'>,
  from: TapStatus,
  next: TapRequest,
  event: TapAuditEvent,
  actor?: TapPerson,
  detail?: string,
): Promise<Committed> {
  const { tapRequests } = services.store;
  if (!(await tapRequests.transition(from, next))) return { won: false, req: (await tapRequests.get(next.id)) ?? next };
  await tapRequests.audit(auditOf(next, event, services.clock.now(), actor, detail));
  return { won: true, req: next };
}

export function auditOf(req: TapRequest, event: TapAuditEvent, at: number, actor?: TapPerson, detail?: string): TapAuditEntry {
  return {
    requestId: req.id,
    at,
    event,
    actor: actor ? { id: actor.id, name: actor.name } : undefined,
    target: { id: req.target.id, upn: req.target.upn, name: req.target.name },
    reason: req.reason,
    lifetimeMinutes: req.lifetimeMinutes,
    detail,
  };
}
