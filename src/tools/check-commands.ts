/**
 * The manifest's commandLists are what Teams shows as suggestions; they must match the command table,
 * or users are offered commands the bot answers with "unknown command" (or miss real ones).
 */

export type CommandScope = 'personal' | 'team' | 'groupChat';

export interface CommandInfo {
  name: string;
  summary: string;
  /** Scopes whose manifest list shows the command; absent means every scope. `help` shows every command regardless. */
  listed?: readonly CommandScope[];
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

export const COMMAND_SCOPES: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

/** Cuts at a word boundary and adds an ellipsis, so a long summary still reads as a sentence. */
export function truncateDescription(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The manifest's commandLists as the table says: one list per scope, the commands listed there, in table order. */
export function commandListsFor(commands: readonly CommandInfo[]): ManifestCommandList[] {
  return COMMAND_SCOPES.map((scope) => ({
    scopes: [scope],
    commands: commands
      .filter((c) => (c.listed ?? COMMAND_SCOPES).includes(scope))
      .map((c) => ({ title: c.name, description: truncateDescription(c.summary) })),
  }));
}

/**
 * Problems with listing the table in a manifest: a scope listing more than Teams shows, and any difference
 * between `lists` (the template's, which Teams Toolkit zips as is) and what the table generates. [] when fine.
 */
export function checkCommandLists(lists: readonly ManifestCommandList[] | undefined, commands: readonly CommandInfo[]): string[] {
  const problems: string[] = [];
  const wanted = commandListsFor(commands);
  for (const { scopes, commands: listed } of wanted) {
    if (listed.length > MAX_COMMANDS_PER_LIST) {
      problems.push(
        `the command table lists ${listed.length} commands for ${scopes[0]} but Teams shows at most ${MAX_COMMANDS_PER_LIST} per list; choose which to list`,
      );
    }
  }
  for (const {
    scopes: [scope],
    commands: expected,
  } of wanted) {
    const forScope = (lists ?? []).filter((l) => l.scopes.includes(scope));
    if (forScope.length !== 1) {
      problems.push(`expected exactly one commandList for scope "${scope}", found ${forScope.length}`);
      continue;
    }
    const listed = forScope[0].commands;
    for (const c of expected) {
      const entry = listed.find((m) => m.title === c.title);
      if (!entry) problems.push(`${scope}: command "${c.title}" is missing`);
      else if (entry.description !== c.description)
        problems.push(`${scope}: "${c.title}" description should be ${JSON.stringify(c.description)}`);
    }
    for (const m of listed) {
      if (!commands.some((c) => c.name === m.title)) problems.push(`${scope}: "${m.title}" is not a command the bot knows`);
      else if (!expected.some((c) => c.title === m.title))
        problems.push(`${scope}: "${m.title}" is not listed for this scope in the command table`);
    }
  }
  return problems;
}
