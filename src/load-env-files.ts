import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads Teams Toolkit-style env files (`env/.env.<name>` then `env/.env.<name>.user`) into a copy of `env`.
 * Real environment variables always win, so a deployment never gets demo defaults by accident.
 * `SECRET_FOO` in a `.user` file supplies `FOO`, the Toolkit's convention for secrets.
 */
export function withEnvFiles(dir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const name = env.TEAMSFX_ENV ?? env.MFA_BOT_ENV ?? 'local';
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const file of [join(dir, `.env.${name}`), join(dir, `.env.${name}.user`)]) {
    if (!existsSync(file)) continue;
    for (const [rawKey, value] of parseEnvFile(readFileSync(file, 'utf8'))) {
      const key = rawKey.startsWith('SECRET_') ? rawKey.slice('SECRET_'.length) : rawKey;
      if (env[key] === undefined && env[rawKey] === undefined) merged[key] = value;
    }
  }
  return merged;
}

export function parseEnvFile(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    pairs.push([m[1], value]);
  }
  return pairs;
}
