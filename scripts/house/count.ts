/**
 * The house's counts, each by the tool `npm run check` runs, with the rules' limits
 * and without their temporary exceptions:
 *
 *   sizes    eslint's max-lines-per-function and max-lines (SIZE_RULES, eslint.config.js)
 *   imports  dependency-cruiser's rules (IMPORT_RULES, .dependency-cruiser.js): cycles, floors,
 *            imports between scraper folders
 *   dead     knip's unused exports, exported types and files (DEAD_EXPORT_CONFIG, knip.config.ts)
 *   format   the files prettier would change (.prettierignore)
 *
 * A count runs in `root`: the working tree, or a revision extracted with `extractRevision`.
 * The rules always come from this checkout, so a revision is measured against today's rules.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = join(REPO_ROOT, 'node_modules', '.bin');

/** One finding: where, and what. */
export interface Finding {
  file: string;
  what: string;
}

export interface HouseCounts {
  /** Functions over 80 lines in shared/ and scrapers/. */
  longFunctionsProduct: Finding[];
  /** Functions over 120 lines in scripts/. */
  longFunctionsScripts: Finding[];
  /** Files over 400 lines in shared/ and scrapers/. */
  longFiles: Finding[];
  /** Distinct import cycles. */
  cycles: Finding[];
  /** Imports from one scraper folder into another. */
  crossScraper: Finding[];
  /** Imports against the floors (shared → scrapers/scripts, scrapers → scripts, product → tests). */
  floors: Finding[];
  /** Exports and exported types nothing imports, and files nothing reaches. */
  deadExports: Finding[];
  /** Files prettier would change. */
  unformatted: Finding[];
}

export const COUNT_LABELS: Record<keyof HouseCounts, string> = {
  longFunctionsProduct: 'functions over 80 lines (shared/, scrapers/)',
  longFunctionsScripts: 'functions over 120 lines (scripts/)',
  longFiles: 'files over 400 lines (shared/, scrapers/)',
  cycles: 'import cycles',
  crossScraper: 'imports between scraper folders',
  floors: 'imports against the floors',
  deadExports: 'dead exports (exports, types, files)',
  unformatted: 'files prettier would change',
};

/** Size findings: eslint with SIZE_RULES only, no exceptions. */
export async function countSizes(
  root: string,
): Promise<Pick<HouseCounts, 'longFunctionsProduct' | 'longFunctionsScripts' | 'longFiles'>> {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const { SIZE_RULES } = (await import(pathToFileURL(join(REPO_ROOT, 'eslint.config.js')).href)) as {
    SIZE_RULES: import('eslint').Linter.Config[];
  };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...SIZE_RULES],
    errorOnUnmatchedPattern: false,
  });
  const out = {
    longFunctionsProduct: [] as Finding[],
    longFunctionsScripts: [] as Finding[],
    longFiles: [] as Finding[],
  };
  for (const result of await eslint.lintFiles(['shared', 'scrapers', 'scripts'])) {
    const file = relative(root, result.filePath);
    for (const m of result.messages) {
      const what = m.message.replace(/\s*Maximum allowed is \d+\.?$/, '');
      if (m.ruleId === 'max-lines') out.longFiles.push({ file, what });
      else if (m.ruleId === 'max-lines-per-function')
        (file.startsWith('scripts/') ? out.longFunctionsScripts : out.longFunctionsProduct).push({
          file: `${file}:${m.line}`,
          what,
        });
      else if (m.fatal) throw new Error(`eslint could not parse ${file}: ${m.message}`);
    }
  }
  return out;
}

interface CruiseViolation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: ({ name: string } | string)[];
}

/** Import findings: dependency-cruiser with IMPORT_RULES only, no exceptions. */
export async function countImports(root: string): Promise<Pick<HouseCounts, 'cycles' | 'crossScraper' | 'floors'>> {
  const dir = await mkdtemp(join(tmpdir(), 'house-cruise-'));
  try {
    const config = join(dir, 'rules.mjs');
    const rules = pathToFileURL(join(REPO_ROOT, '.dependency-cruiser.js')).href;
    await writeFile(
      config,
      `import { IMPORT_RULES, IMPORT_OPTIONS } from '${rules}';\nexport default { forbidden: IMPORT_RULES, options: IMPORT_OPTIONS };\n`,
    );
    const dirs = ['shared', 'scrapers', 'scripts', 'tests'];
    const { stdout } = await run(join(BIN, 'depcruise'), [...dirs, '--config', config, '--output-type', 'json'], {
      cwd: root,
      maxBuffer: 256 * 2 ** 20,
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      if (err.stdout) return { stdout: err.stdout };
      throw new Error(`dependency-cruiser failed: ${err.stderr || err.message}`);
    });
    const violations = (JSON.parse(stdout) as { summary: { violations: CruiseViolation[] } }).summary.violations;
    const cycles = new Map<string, Finding>();
    const out = { cycles: [] as Finding[], crossScraper: [] as Finding[], floors: [] as Finding[] };
    for (const v of violations) {
      if (v.rule.name === 'no-cycle') {
        const path = [v.from, ...(v.cycle ?? []).map((c) => (typeof c === 'string' ? c : c.name))];
        const key = [...new Set(path)].sort().join(' ');
        if (!cycles.has(key)) cycles.set(key, { file: v.from, what: path.join(' → ') });
      } else if (v.rule.name === 'no-scraper-imports-another')
        out.crossScraper.push({ file: v.from, what: `imports ${v.to}` });
      else out.floors.push({ file: v.from, what: `imports ${v.to} (${v.rule.name})` });
    }
    out.cycles = [...cycles.values()];
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface KnipIssue {
  file: string;
  exports?: { name: string }[];
  types?: { name: string }[];
}

/** Dead exports: knip with DEAD_EXPORT_CONFIG, no exceptions. */
export async function countDeadExports(root: string): Promise<Pick<HouseCounts, 'deadExports'>> {
  const { DEAD_EXPORT_CONFIG } = await import('../../knip.config.js');
  const dir = await mkdtemp(join(tmpdir(), 'house-knip-'));
  try {
    const config = join(dir, 'knip.json');
    // Run from a JSON copy, knip no longer sees knip.config.ts as its own configuration file: name it an entry.
    const entry = [...DEAD_EXPORT_CONFIG.entry, 'knip.config.ts'];
    await writeFile(config, JSON.stringify({ ...DEAD_EXPORT_CONFIG, entry }));
    const args = ['--config', config, '--directory', root, '--reporter', 'json', '--no-progress', '--no-exit-code'];
    const { stdout } = await run(join(BIN, 'knip'), args, { cwd: root, maxBuffer: 64 * 2 ** 20 }).catch(
      (err: { stderr?: string; message: string }) => {
        throw new Error(`knip failed: ${err.stderr || err.message}`);
      },
    );
    const report = JSON.parse(stdout) as { files?: string[]; issues: KnipIssue[] };
    const dead: Finding[] = (report.files ?? []).map((file) => ({ file, what: 'file nothing imports' }));
    for (const issue of report.issues) {
      for (const e of issue.exports ?? []) dead.push({ file: issue.file, what: `export ${e.name}` });
      for (const t of issue.types ?? []) dead.push({ file: issue.file, what: `type ${t.name}` });
    }
    return { deadExports: dead };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Files prettier would change, with this checkout's .prettierignore (also for a revision). */
export async function countUnformatted(root: string): Promise<Pick<HouseCounts, 'unformatted'>> {
  const dir = await mkdtemp(join(tmpdir(), 'house-prettier-'));
  try {
    const ignore = join(dir, 'prettierignore');
    await writeFile(ignore, await readFile(join(REPO_ROOT, '.prettierignore'), 'utf8').catch(() => ''));
    const args = ['--list-different', '--ignore-path', ignore, '--ignore-path', join(root, '.gitignore'), '.'];
    const stdout = await run(join(BIN, 'prettier'), args, { cwd: root, maxBuffer: 16 * 2 ** 20 }).then(
      (r) => r.stdout,
      (err: { code?: number; stdout?: string; stderr?: string; message: string }) => {
        if (err.code === 1 && err.stdout !== undefined) return err.stdout;
        throw new Error(`prettier failed: ${err.stderr || err.message}`);
      },
    );
    return {
      unformatted: stdout
        .split('\n')
        .filter(Boolean)
        .map((file) => ({ file, what: 'not formatted' })),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every count, in `root`. */
export async function countHouse(root: string): Promise<HouseCounts> {
  const sizes = await countSizes(root);
  const imports = await countImports(root);
  const dead = await countDeadExports(root);
  const format = await countUnformatted(root);
  return { ...sizes, ...imports, ...dead, ...format };
}

/** A revision's files in a temporary directory (git archive), with this checkout's node_modules linked in. */
export async function extractRevision(ref: string): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'house-rev-'));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    await run('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    await run('sh', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'sh', REPO_ROOT, ref, root], {
      maxBuffer: 16 * 2 ** 20,
    });
    await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return { root, remove };
  } catch (err) {
    await remove();
    throw new Error(
      `no such revision: ${ref} (${(err as { stderr?: string }).stderr?.trim() || (err as Error).message})`,
      { cause: err },
    );
  }
}
