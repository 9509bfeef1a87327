/**
 * The split of the suite (vitest.config.ts): the unit project lists real test files, none of which
 * reaches (through the test helpers it imports) for the Firestore emulator, Chromium or a
 * simulator-plus-store world, so `npm run test:unit` runs without Java; every other test file is
 * in the integration project, and no file is in both or neither.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIT_TESTS } from '../vitest.config.js';

const ROOT = process.cwd();

/** Test files and helpers that need the emulator, a browser or a simulator world with a store. */
const HEAVY_MODULES = [
  'tests/helpers/firestore.ts',
  'tests/global-setup.ts',
  'scripts/emulator.ts',
  'tests/seats/world.ts',
  'tests/schedules/harness.ts',
  'tests/geocode/world.ts',
];
const HEAVY_PACKAGES = ['playwright', 'firebase-admin', '@firebase/rules-unit-testing'];

function testFiles(dir = 'tests'): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return path === 'tests/fixtures' ? [] : testFiles(path);
    return path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The import specifiers of a file (static and dynamic). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g)].map((m) => m[1]!);
}

/** What a test file reaches: heavy packages anywhere in the files under tests/ it imports, heavy modules by path. */
function reaches(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const found: string[] = [];
  for (const spec of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
    if (HEAVY_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) found.push(spec);
    if (!spec.startsWith('.')) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec.replace(/\.js$/, '.ts')));
    if (HEAVY_MODULES.includes(target)) found.push(target);
    else if (target.startsWith('tests/') && existsSync(join(ROOT, target))) found.push(...reaches(target, seen));
  }
  return found;
}

describe('test projects', () => {
  it('every unit test file exists and is a test file', () => {
    const all = testFiles();
    expect(UNIT_TESTS.filter((f) => !all.includes(f))).toEqual([]);
    expect(new Set(UNIT_TESTS).size).toBe(UNIT_TESTS.length);
  });

  it('no unit test reaches the emulator, a browser or a simulator world with a store', () => {
    const heavy = Object.fromEntries(UNIT_TESTS.map((f) => [f, reaches(f)]).filter(([, r]) => r!.length > 0));
    expect(heavy).toEqual({});
  });

  it('the check sees a planted heavy import through a helper', () => {
    // the emulator helper itself, and a real integration test that reaches it through its world
    expect(reaches('tests/seats/token.test.ts')).toContain('tests/seats/world.ts');
    expect(reaches('tests/bench.test.ts')).toContain('tests/helpers/firestore.ts');
    const browser = HEAVY_PACKAGES[0]!;
    expect(importsOf(`import { x } from './a.js';\nconst m = await import('${browser}');`)).toEqual([
      './a.js',
      browser,
    ]);
  });
});
