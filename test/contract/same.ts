/** Every key path in a value, sorted: `target.id`, `approvers.0.via`… */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value)
    .flatMap(([k, v]) => [prefix + k, ...keyPaths(v, `${prefix}${k}.`)])
    .sort();
}

/**
 * Deep equality that also fails on any added key, even one set to undefined. Not `toStrictEqual`: under
 * jest, structuredClone returns objects of the outer realm, which that matcher counts as another type.
 */
export function expectSame(received: unknown, expected: unknown): void {
  expect(received).toEqual(expected);
  expect(keyPaths(received)).toEqual(keyPaths(expected));
}
