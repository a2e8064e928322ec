import type { ContractContext } from './context';
import { exportLink } from './fixtures';

const sorted = (values: string[]) => [...values].sort();

export function describeExportLinkContract(ctx: ContractContext): void {
  describe('export links', () => {
    const links = () => ctx.store().exportLinks;

    it('reads a link back by its token hash', async () => {
      const link = exportLink();
      await links().put(link);
      expect(await links().get(link.tokenHash)).toEqual(link);
      expect(await links().get('no-such-hash')).toBeUndefined();
    });

    it('takes (removes and returns) the links that expired strictly before the instant', async () => {
      const expired = [exportLink({ expiresAt: 100 }), exportLink({ expiresAt: 199 })];
      const live = [exportLink({ expiresAt: 200 }), exportLink({ expiresAt: 300 })];
      for (const link of [...expired, ...live]) await links().put(link);
      const taken = await links().takeExpired(200);
      expect(sorted(taken.map((l) => l.tokenHash))).toEqual(sorted(expired.map((l) => l.tokenHash)));
      expect(taken.find((l) => l.tokenHash === expired[0].tokenHash)).toEqual(expired[0]);
      for (const link of expired) expect(await links().get(link.tokenHash)).toBeUndefined();
      for (const link of live) expect(await links().get(link.tokenHash)).toEqual(link);
      expect(await links().takeExpired(200)).toEqual([]);
    });

    it('reports a file as orphaned, once, when every link to it has expired (at or before now)', async () => {
      await links().put(exportLink({ path: '/exports/a.csv', expiresAt: 100 }));
      await links().put(exportLink({ path: '/exports/a.csv', expiresAt: 200 }));
      await links().put(exportLink({ path: '/exports/b.csv', expiresAt: 150 }));
      await links().put(exportLink({ path: '/exports/b.csv', expiresAt: 201 }));
      await links().put(exportLink({ path: '/exports/c.csv', expiresAt: 300 }));
      expect(await links().orphanedFiles(200)).toEqual(['/exports/a.csv']);
    });

    it('leaves the links in place when reporting orphaned files', async () => {
      const link = exportLink({ expiresAt: 100 });
      await links().put(link);
      expect(await links().orphanedFiles(200)).toEqual([link.path]);
      expect(await links().get(link.tokenHash)).toEqual(link);
    });

    it('forgets the files of links already taken', async () => {
      await links().put(exportLink({ path: '/exports/a.csv', expiresAt: 100 }));
      await links().takeExpired(200);
      expect(await links().orphanedFiles(200)).toEqual([]);
    });
  });
}
