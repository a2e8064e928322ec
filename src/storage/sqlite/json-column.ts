/** A JSON column the store wrote itself, read back as the type it was written as. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
