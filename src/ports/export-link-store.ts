/** A download link as stored: only the hash of its token, never the token itself. */
export interface ExportLink {
  tokenHash: string;
  path: string;
  filename: string;
  /** Entra object id of the helpdesk member the link was minted for. */
  owner: string;
  expiresAt: number;
}

/** Download links for exports; kept in the shared store so a restart or another instance still honours them. */
export interface ExportLinkStore {
  put(link: ExportLink): Promise<void>;
  get(tokenHash: string): Promise<ExportLink | undefined>;
  /** Links that expired before `before`, removed and returned so their files can be deleted. */
  takeExpired(before: number): Promise<ExportLink[]>;
  /** Files whose every link has expired by `now` (expiresAt at or before it): safe to delete. Removes nothing. */
  orphanedFiles(now: number): Promise<string[]>;
}
