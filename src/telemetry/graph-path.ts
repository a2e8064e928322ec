/**
 * The shape of a Graph path for telemetry: `/users/{id}/authentication/methods`. Ids, sign-in names (UPNs),
 * addresses and anything else a caller put in a path never leave the bot; neither does the query string
 * (a `$filter` quotes what the helpdesk typed).
 */
export function graphPathShape(path: string): string {
  const bare = path
    .split('?')[0]
    .replace(/^https?:\/\/[^/]+/i, '')
    .replace(/^\/(v1\.0|beta)(?=\/|$)/i, '');
  const out: string[] = [];
  let previous = '';
  for (const raw of bare.split('/').filter(Boolean)) {
    out.push(shapeOf(raw, previous));
    previous = raw;
  }
  return `/${out.join('/')}`;
}

/** Collections whose next segment is always a key, however word-like it looks (a user's sign-in name, a group). */
const KEYED = new Set(['users', 'groups', 'members', 'transitiveMembers', 'directoryObjects', 'contacts', 'devices']);
/** Graph's own names: lowerCamelCase words, `$batch`/`$count`, and casts like `microsoft.graph.user`. */
const NAME = /^(\$?[a-z][A-Za-z]{0,59}|microsoft\.graph\.[A-Za-z]{1,60})$/;

function shapeOf(segment: string, previous: string): string {
  // directoryRoles(roleTemplateId='…') and other key-in-parentheses forms keep their name only.
  const call = /^([A-Za-z.]+)\(.*\)$/.exec(segment);
  if (call) return `${call[1]}({key})`;
  if (segment.startsWith('microsoft.graph.') && NAME.test(segment)) return segment;
  if (KEYED.has(previous)) return '{id}';
  return NAME.test(segment) ? segment : '{id}';
}
