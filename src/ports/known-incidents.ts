import type { HealthIssue } from '../domain/health-types';

/**
 * The incidents the poller last saw, from memory: banners and windows on every turn cost no store read and no
 * Graph call. Held by the composition root and shared by the poller (which says when it saved new state) and
 * every feature that shows or scopes by an open incident.
 */
export interface KnownIncidents {
  /** Unresolved issues as last saved (this instance's own polls at once, other instances' within seconds). */
  open(now: number): Promise<HealthIssue[]>;
  /** The open identity incident to show as a banner, an incident before an advisory. */
  activeIdentity(now: number): Promise<{ id: string; title: string } | undefined>;
  /** The poller saved new issue state: the next read goes to the store. */
  forget(): void;
}
