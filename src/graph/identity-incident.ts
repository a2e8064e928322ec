import type { GraphGateway } from './graph-gateway';

export interface IdentityIncident {
  id: string;
  title: string;
  startDateTime: string;
}

/** Entra's service name has changed over the years; issues carry the display name, not the id. */
const IDENTITY_SERVICES = ['microsoft entra', 'azure active directory', 'identity service', 'microsoft entra id'];

/**
 * The open identity incident with the earliest start, if any: its window is when registrations
 * could have broken. Only unresolved issues are read. Kept small on purpose; the health feature
 * owns the full service-health model.
 */
export async function activeIdentityIncident(graph: GraphGateway): Promise<IdentityIncident | undefined> {
  const open = await graph.all<{ id: string; title?: string; service?: string; classification?: string; isResolved?: boolean; startDateTime?: string }>({
    part: 'Microsoft 365 service health',
    path: '/admin/serviceAnnouncement/issues',
    query: { $filter: 'isResolved eq false' },
  });
  const identity = open
    .filter((i) => !i.isResolved && (i.classification ?? '').toLowerCase() === 'incident')
    .filter((i) => IDENTITY_SERVICES.includes((i.service ?? '').toLowerCase()) && i.startDateTime)
    .sort((a, b) => String(a.startDateTime).localeCompare(String(b.startDateTime)));
  const first = identity[0];
  return first ? { id: first.id, title: first.title ?? first.id, startDateTime: first.startDateTime! } : undefined;
}
