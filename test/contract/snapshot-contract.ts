import type { ContractContext } from './context';

export function describeSnapshotContract(ctx: ContractContext): void {
  describe('snapshots', () => {
    const snapshots = () => ctx.store().snapshots;
    const row = (mfa: boolean) => ({
      id: 'u-1',
      userPrincipalName: 'nina@contoso.example',
      isMfaRegistered: mfa,
      methodsRegistered: ['mobilePhone'],
    });

    it('keeps a value with the time it was seen, until it expires', async () => {
      await snapshots().put('registration', [{ key: 'u-1', value: row(true), at: 100, expiresAt: 1_000 }]);
      expect(await snapshots().get('registration', 'u-1', 999)).toEqual({ value: row(true), at: 100 });
      expect(await snapshots().get('registration', 'u-1', 1_000)).toBeUndefined();
    });

    it('treats keys case-insensitively and kinds apart', async () => {
      await snapshots().put('registration', [{ key: 'U-1', value: row(true), at: 100, expiresAt: 1_000 }]);
      expect(await snapshots().get('registration', 'u-1', 200)).toMatchObject({ at: 100 });
      expect(await snapshots().get('status', 'u-1', 200)).toBeUndefined();
    });

    it('lets a newer sighting replace an older one, never the reverse', async () => {
      await snapshots().put('registration', [{ key: 'u-1', value: row(false), at: 200, expiresAt: 5_000 }]);
      await snapshots().put('registration', [{ key: 'u-1', value: row(true), at: 100, expiresAt: 5_000 }]);
      expect(await snapshots().get('registration', 'u-1', 300)).toEqual({ value: row(false), at: 200 });
      await snapshots().put('registration', [{ key: 'u-1', value: row(true), at: 300, expiresAt: 5_000 }]);
      expect(await snapshots().get('registration', 'u-1', 400)).toEqual({ value: row(true), at: 300 });
    });

    it('writes many entries at once (a report page) and purges what expired', async () => {
      const page = Array.from({ length: 250 }, (_, i) => ({ key: `u-${i}`, value: { i }, at: 10, expiresAt: i < 100 ? 50 : 500 }));
      await snapshots().put('registration', page);
      expect(await snapshots().get('registration', 'u-249', 60)).toEqual({ value: { i: 249 }, at: 10 });
      expect(await snapshots().purgeExpired(60)).toBe(100);
      expect(await snapshots().get('registration', 'u-5', 40)).toBeUndefined();
      expect(await snapshots().purgeExpired(60)).toBe(0);
    });

    it('returns copies: changing what was read changes nothing stored', async () => {
      await snapshots().put('status', [{ key: 'u-1', value: { names: ['a'] }, at: 1, expiresAt: 100 }]);
      const read = await snapshots().get<{ names: string[] }>('status', 'u-1', 2);
      read!.value.names.push('b');
      expect((await snapshots().get<{ names: string[] }>('status', 'u-1', 2))!.value.names).toEqual(['a']);
    });
  });
}
