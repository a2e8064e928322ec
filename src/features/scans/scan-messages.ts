import { describeDuration } from '../../core/format';
import { remainingMs, type ScanProgress } from '../../domain/scan-result';

/** Every sentence of `audit`, `lockout` and the tenant scan behind them. */
export const scanMessages = {
  auditStarted: () => "Reading the MFA registration report for every user. I'll update this message when the audit is done.",
  lockoutStarted: () => "Checking every user against the conditional access policies. I'll update this message when the review is done.",
  scanProgress: (what: 'audit' | 'lockout review' | 'cohort count', p: ScanProgress) => {
    if (p.phase === 'taps') {
      return `Almost done with the ${what}: ${p.usersRead.toLocaleString('en-US')} users read; confirming ${p.tapsToConfirm} Temporary Access Pass${p.tapsToConfirm === 1 ? '' : 'es'}.`;
    }
    const total = p.totalUsers ? ` of about ${p.totalUsers.toLocaleString('en-US')}` : '';
    const left = remainingMs(p);
    const eta =
      left === undefined
        ? ''
        : `; about ${describeDuration(left)} left (Microsoft limits how fast the report can be read, and lookups go first)`;
    return `Running the ${what}: ${p.usersRead.toLocaleString('en-US')}${total} users read from the MFA registration report${eta}. I'll update this message when it's done.`;
  },
  scanIncomplete: (graphSentence: string, usersRead: number) =>
    `${graphSentence} I had read ${usersRead} users of the registration report when it stopped, so I'm not showing any numbers: they would be incomplete. Run the command again once Graph answers.`,
  scanNoServiceHealth: () => 'I couldn\'t read service health, so "changed recently" means the last 24 hours.',
  scanNoPolicies: () => "I couldn't read the conditional access policies, so lockout risk isn't counted.",
};
