/**
 * The files a newcomer looks for: a licence, a changelog, a contributing guide; and the
 * install-script decisions (every locked dependency with an install script is approved or denied
 * in package.json's allowScripts, so `npm ci` has nothing unreviewed to warn about).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Lock {
  packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
}

describe('repository files', () => {
  it('LICENSE is the MIT licence with the CineRadar contributors as copyright holders, and package.json says so', () => {
    const text = read('LICENSE');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toMatch(/^Copyright \(c\) \d{4} CineRadar contributors$/m);
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
    expect((JSON.parse(read('package.json')) as { license?: string }).license).toBe('MIT');
  });

  it('CHANGELOG.md has dated sections, newest first', () => {
    const dates = [...read('CHANGELOG.md').matchAll(/^## .*?(\d{4}-\d{2}-\d{2})/gm)].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('CONTRIBUTING.md names commands that exist and files that exist', () => {
    const text = read('CONTRIBUTING.md');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const npmRuns = [...text.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(npmRuns.length).toBeGreaterThan(3);
    for (const name of npmRuns) expect(scripts, `npm run ${name}`).toHaveProperty(name);
    for (const [, link] of text.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) expect(() => read(link!), link).not.toThrow();
    for (const section of ['## Set up', '## Test', '## Commit']) expect(text).toContain(section);
  });

  it('every locked dependency with an install script is approved or denied in allowScripts', () => {
    const lock = JSON.parse(read('package-lock.json')) as Lock;
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(withScripts.length).toBeGreaterThan(0);
    const allow = (JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    for (const name of withScripts)
      expect(
        Object.keys(allow).map((k) => k.replace(/@[^@/]+$/, '')),
        name,
      ).toContain(name);
  });
});
