/**
 * Teams Toolkit-style `${{NAME}}` placeholders, filled from an environment.
 * Works on parsed JSON (string values only) so a value containing quotes cannot break the manifest.
 */

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export interface FillResult<T> {
  value: T;
  /** Placeholder names with no value, or an empty one, in first-seen order. */
  missing: string[];
}

/**
 * An empty value counts as missing: `BOT_ID=` in .env.local means "not provisioned yet",
 * and a manifest with `"botId": ""` would only fail later with a vaguer schema error.
 * `optional` names may be empty (e.g. APP_NAME_SUFFIX in production).
 */
export function fillPlaceholders<T>(value: T, env: NodeJS.ProcessEnv, optional: ReadonlySet<string> = new Set()): FillResult<T> {
  const missing = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (_match, name: string) => {
        const v = env[name];
        if ((v === undefined || v === '') && !optional.has(name)) missing.add(name);
        return v ?? '';
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return { value: walk(value) as T, missing: [...missing] };
}

/** Every placeholder name used anywhere in `value` (keys are not searched; Teams keys are fixed). */
export function listPlaceholders(value: unknown): string[] {
  return [...new Set([...JSON.stringify(value).matchAll(PLACEHOLDER)].map((m) => m[1]))];
}
