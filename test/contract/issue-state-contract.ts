import type { ContractContext } from './context';
import { healthIssue, minute } from './fixtures';

export function describeIssueStateContract(ctx: ContractContext): void {
  describe('issue state', () => {
    const issues = () => ctx.store().health.issues;

    it('has no watermark before the first poll', async () => {
      expect(await issues().watermark()).toBeUndefined();
    });

    it('reads saved issues back as they were saved', async () => {
      const issue = healthIssue({ lastModifiedDateTime: minute(5) });
      await issues().saveIssues([issue], minute(5), 1);
      expect(await issues().issuesChangedSince(minute(0))).toEqual([issue]);
    });

    it('reads one issue by id, as last saved, and nothing for an unknown id', async () => {
      const issue = healthIssue({ lastModifiedDateTime: minute(5) });
      await issues().saveIssues([issue], minute(5), 1);
      await issues().saveIssues([{ ...issue, status: 'restoringService', lastModifiedDateTime: minute(6) }], minute(6), 2);
      expect(await issues().get(issue.id)).toEqual({ ...issue, status: 'restoringService', lastModifiedDateTime: minute(6) });
      expect(await issues().get('no-such-issue')).toBeUndefined();
    });

    it('overwrites an issue with a newer or equally new version', async () => {
      const issue = healthIssue({ id: 'EX1', lastModifiedDateTime: minute(5) });
      await issues().saveIssues([issue], undefined, 1);
      await issues().saveIssues([{ ...issue, title: 'same instant, new title' }], undefined, 2);
      expect((await issues().issuesChangedSince(minute(0)))[0].title).toBe('same instant, new title');
      await issues().saveIssues([{ ...issue, status: 'restoringService', lastModifiedDateTime: minute(6) }], undefined, 3);
      expect((await issues().issuesChangedSince(minute(0)))[0]).toMatchObject({
        status: 'restoringService',
        lastModifiedDateTime: minute(6),
      });
    });

    it('keeps the newer version when an older one is saved after it', async () => {
      const newer = healthIssue({ id: 'EX1', status: 'serviceRestored', isResolved: true, lastModifiedDateTime: minute(9) });
      await issues().saveIssues([newer], undefined, 1);
      await issues().saveIssues([{ ...newer, status: 'investigating', isResolved: false, lastModifiedDateTime: minute(3) }], undefined, 2);
      expect(await issues().issuesChangedSince(minute(0))).toEqual([newer]);
      expect(await issues().openIssues()).toEqual([]);
    });

    it('moves the watermark forward only', async () => {
      await issues().saveIssues([], minute(5), 1);
      expect(await issues().watermark()).toBe(minute(5));
      await issues().saveIssues([], minute(3), 2);
      expect(await issues().watermark()).toBe(minute(5));
      await issues().saveIssues([], undefined, 3);
      expect(await issues().watermark()).toBe(minute(5));
      await issues().saveIssues([], minute(7), 4);
      expect(await issues().watermark()).toBe(minute(7));
    });

    it('lists issues changed at or after the cutoff, oldest change first', async () => {
      const early = healthIssue({ lastModifiedDateTime: minute(1) });
      const atCutoff = healthIssue({ lastModifiedDateTime: minute(4) });
      const late = healthIssue({ lastModifiedDateTime: minute(8) });
      const middle = healthIssue({ lastModifiedDateTime: minute(6) });
      await issues().saveIssues([late, early, atCutoff, middle], minute(8), 1);
      expect((await issues().issuesChangedSince(minute(4))).map((i) => i.id)).toEqual([atCutoff.id, middle.id, late.id]);
    });

    it('lists unresolved issues only, most recently changed first', async () => {
      const older = healthIssue({ lastModifiedDateTime: minute(1) });
      const resolved = healthIssue({ isResolved: true, status: 'serviceRestored', lastModifiedDateTime: minute(5) });
      const newer = healthIssue({ lastModifiedDateTime: minute(3) });
      await issues().saveIssues([older, resolved, newer], minute(5), 1);
      expect((await issues().openIssues()).map((i) => i.id)).toEqual([newer.id, older.id]);
    });
  });
}
