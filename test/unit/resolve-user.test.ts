import { resolveUser } from '../../src/domain/resolve-user';
import type { DirectoryUser } from '../../src/domain/directory-types';

const u = (upn: string, displayName: string): DirectoryUser => ({ id: upn, userPrincipalName: upn, displayName });

describe('resolveUser', () => {
  it('none, one, many', () => {
    expect(resolveUser('x', [])).toEqual({ kind: 'none' });
    expect(resolveUser('ali', [u('alice@c.example', 'Alice Anders')])).toMatchObject({ kind: 'one' });
    const r = resolveUser('alex', [u('alex.alpha@c.example', 'Alex Alpha'), u('alexandra@c.example', 'Alexandra Alvarez')]);
    expect(r).toMatchObject({ kind: 'many', more: false });
  });

  it('an exact sign-in name wins over prefix matches', () => {
    const r = resolveUser('Alice', [u('alice@c.example', 'Alice Anders'), u('alice.smith0042@c.example', 'Alice Smith')]);
    expect(r).toEqual({ kind: 'one', user: expect.objectContaining({ userPrincipalName: 'alice@c.example' }) });
  });

  it('an exact display name wins', () => {
    const r = resolveUser("seán o'brien", [u('sean.obrien@c.example', "Seán O'Brien"), u('sean.obrienne@c.example', "Seán O'Brienne")]);
    expect(r).toMatchObject({ kind: 'one', user: { userPrincipalName: 'sean.obrien@c.example' } });
  });

  it('says when there are more than it shows', () => {
    const many = Array.from({ length: 11 }, (_, i) => u(`a${i}@c.example`, `A ${i}`));
    expect(resolveUser('a', many, 10)).toMatchObject({ kind: 'many', more: true, users: expect.any(Array) });
    expect((resolveUser('a', many, 10) as { users: unknown[] }).users).toHaveLength(10);
  });
});
