/** `'a', 'b'` for an `IN (…)` built from the bot's own constants (quotes doubled all the same). */
export const sqlInList = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
