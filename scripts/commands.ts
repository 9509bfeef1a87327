/**
 * Where the commands are: every npm script that is `tsx <file>` (package.json is the list), plus
 * the scripts run with tsx directly. Each of those files exports its `command` definition
 * (shared/cli.ts); the README table (`npm run -s help-table`) and tests/cli.test.ts read them here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandDef } from '../shared/cli.js';

/** Entry points that are not npm scripts. */
export const DIRECT_SCRIPTS = [
  'scripts/emulator.ts',
  'scripts/lint-workflows.ts',
  'scripts/coverage-summary.ts',
  'scripts/alert.ts',
] as const;

export interface CommandModule {
  /** The npm script, or the file for a direct script. */
  script: string;
  file: string;
}

/** The order of the README table; commands not named here follow in package.json order. */
const ORDER = [
  'demo',
  'pipeline',
  'scrape:movies',
  'scrape:schedules',
  'scrape:seats',
  'summary',
  'token',
  'report',
  'sim',
  'bench',
];

/** The command files (README order), then the direct scripts. */
export function commandFiles(root: string): CommandModule[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const out: CommandModule[] = [];
  for (const [script, line] of Object.entries(pkg.scripts)) {
    const m = /^tsx (\S+\.ts)$/.exec(line.trim());
    if (m) out.push({ script, file: m[1]! });
  }
  const rank = (s: string) => (ORDER.includes(s) ? ORDER.indexOf(s) : ORDER.length);
  out.sort((a, b) => rank(a.script) - rank(b.script));
  for (const file of DIRECT_SCRIPTS) out.push({ script: file, file });
  return out;
}

/** Import each command file (they are light: nothing runs unless started as the main script). */
export async function loadCommands(root: string): Promise<(CommandModule & { def: CommandDef })[]> {
  const out: (CommandModule & { def: CommandDef })[] = [];
  for (const m of commandFiles(root)) {
    const mod = (await import(pathToFileURL(join(root, m.file)).href)) as { command?: CommandDef };
    if (!mod.command) throw new Error(`${m.file} exports no \`command\` definition (shared/cli.ts defineCommand)`);
    out.push({ ...m, def: mod.command });
  }
  return out;
}
