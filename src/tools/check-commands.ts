/**
 * The manifest's commandLists are what Teams shows as suggestions; they must match the command table,
 * or users are offered commands the bot answers with "unknown command" (or miss real ones).
 */

export interface CommandInfo {
  name: string;
  summary: string;
}

export interface ManifestCommand {
  title: string;
  description: string;
}

export interface ManifestCommandList {
  scopes: string[];
  commands: ManifestCommand[];
}

/** Teams schema limits for bots[].commandLists[].commands. */
export const MAX_COMMANDS_PER_LIST = 10;
export const MAX_DESCRIPTION_LENGTH = 128;

export const COMMAND_SCOPES = ['personal', 'team', 'groupChat'] as const;

/** Cuts at a word boundary and adds an ellipsis, so a long summary still reads as a sentence. */
export function truncateDescription(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Differences between the manifest's commandLists and the table, as readable lines; [] when they match. */
export function checkCommandLists(lists: readonly ManifestCommandList[] | undefined, commands: readonly CommandInfo[]): string[] {
  const problems: string[] = [];
  if (commands.length > MAX_COMMANDS_PER_LIST) {
    problems.push(
      `the command table has ${commands.length} commands but Teams shows at most ${MAX_COMMANDS_PER_LIST} per list; choose which to list`,
    );
  }
  for (const scope of COMMAND_SCOPES) {
    const forScope = (lists ?? []).filter((l) => l.scopes.includes(scope));
    if (forScope.length !== 1) {
      problems.push(`expected exactly one commandList for scope "${scope}", found ${forScope.length}`);
      continue;
    }
    const listed = forScope[0].commands;
    for (const c of commands) {
      const entry = listed.find((m) => m.title === c.name);
      if (!entry) problems.push(`${scope}: command "${c.name}" is missing`);
      else if (entry.description !== truncateDescription(c.summary)) {
        problems.push(`${scope}: "${c.name}" description should be ${JSON.stringify(truncateDescription(c.summary))}`);
      }
    }
    for (const m of listed) {
      if (!commands.some((c) => c.name === m.title)) problems.push(`${scope}: "${m.title}" is not a command the bot knows`);
    }
  }
  return problems;
}
