import type { SignInRow } from '../domain/sign-in-codes';

/** Which sign-ins: createdDateTime in [from, to] (epoch ms), optionally one error code (0 = success) and one user. */
export interface SignInQuery {
  from: number;
  to: number;
  errorCode?: number;
  userId?: string;
  /** Page size, 1 to 1,000 (Graph's maximum and the default here). */
  top?: number;
}

/**
 * Entra sign-in logs (AuditLog.Read.All and an Entra ID P1/P2 licence). Microsoft ingests them 2–5 minutes
 * late. Every read is in the reports throttling bucket and may throw GraphFailure.
 */
export interface SignIns {
  /** Matching sign-ins newest first, a page at a time; stopping early reads no more pages. */
  pages(query: SignInQuery): AsyncIterable<SignInRow[]>;
}
