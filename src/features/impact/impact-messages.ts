import { describeDuration } from '../../core/format';

/** Every sentence of `impact`. */
export const impactMessages = {
  /** The window `impact` reads, as a phrase: "since EN123 began (47 minutes ago)" or "for the last hour". */
  impactSpan: (minutes: number, incidentId?: string) =>
    incidentId ? `since ${incidentId} began (${describeDuration(minutes * 60_000)} ago)` : `for the last ${describeMinutes(minutes)}`,
  impactStarted: (span: string) =>
    `Reading the sign-in logs ${span}: who failed with a lockout code and hasn't signed in since. I'll update this message when it's done.`,
  impactProgress: (p: { codesRead: number; codes: number; failures: number; phase: string; requestsLeft: number }) => {
    const eta =
      p.requestsLeft > 0
        ? ` About ${describeDuration(p.requestsLeft * 2_000)} left (Graph allows 5 sign-in log reads per 10 seconds).`
        : '';
    if (p.phase === 'failures')
      return `Reading the sign-in logs: ${p.codesRead} of ${p.codes} error codes read, ${p.failures.toLocaleString('en-US')} failed sign-ins so far.${eta}`;
    if (p.phase === 'successes')
      return `Read ${p.failures.toLocaleString('en-US')} failed sign-ins; now checking who signed in successfully since.${eta}`;
    return `Checking, person by person, who signed in successfully after failing.${eta}`;
  },
  impactBadWindow: (error: 'not-a-number' | 'out-of-range') =>
    error === 'not-a-number'
      ? 'Give the window in whole minutes, e.g. `impact 90`, or just `impact` for since the incident began (else the last hour).'
      : 'The window is 1 to 1,440 minutes (24 hours). Try `impact 60`.',
  impactNoComparison: () => "couldn't run the lockout review to compare (see `lockout`)",
};

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
