/**
 * What a newcomer meets after `npm run demo`: the demo's day (tiny preset, file store
 * in a temporary directory, a real run of scripts/demo.ts's runDemo) and the commands run on it
 * next. The demo's final table lists every step that ran, geocoding included, and its total adds
 * them all; a count of one is said in the singular.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDemoArgs, runDemo, type DemoResult } from '../scripts/demo.js';
import { openSession, runStep } from '../scripts/pipeline/steps.js';
import { startSimulator } from '../scripts/tix-sim/index.js';
import { createLogger } from '../shared/log.js';
import { createRuntime } from '../shared/runtime.js';
import { TOKEN_DOC, tokenDocument } from '../shared/token/manager.js';
import { addDaysToDate } from '../shared/clock.js';
import { counted } from '../shared/words.js';

const dir = mkdtempSync(join(tmpdir(), 'cineradar-after-demo-'));
// Where a clone keeps the demo's day (data/demo under the working directory).
const dataDir = join(dir, 'data', 'demo');
let demo: DemoResult;
const lines: string[] = [];

beforeAll(async () => {
  const o = parseDemoArgs(
    ['--preset', 'tiny', '--store', 'file', '--data-dir', dataDir, '--no-browser', '--report', join(dir, 'demo.html')],
    {},
  );
  demo = await runDemo(o, { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, (l) => lines.push(l));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo's day (Asia/Jakarta), from its first line. */
const demoDate = (): string => /\((\d{4}-\d{2}-\d{2}) in Asia\/Jakarta\)/.exec(lines[0]!)![1]!;

/** Run a command file as a user would from the clone (cwd: the directory holding data/demo). */
function command(file: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), file), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
}

describe("the demo's final table", () => {
  it('has a row for every step that ran, the geocoding too, and a total over all of them', () => {
    expect(demo.exitCode).toBe(0);
    const all = lines.join('\n').split('\n');
    const start = all.findIndex((l) => l.startsWith('step '));
    const end = all.findIndex((l, i) => i > start && l.startsWith('total'));
    const rows = all.slice(start + 2, end + 1).map((r) => r.split(/\s{2,}/));
    expect(rows.map((r) => r[0])).toEqual([
      'token',
      'movies',
      'schedules',
      'seats-morning',
      'seats-jit',
      'summary',
      'geocode',
      'total',
    ]);
    const requests = rows.slice(0, -1).reduce((n, r) => n + Number(r[3]), 0);
    expect(rows.at(-1)![2]).toBe(String(requests));
    expect(Number(rows.find((r) => r[0] === 'geocode')![3])).toBe(demo.geocode!.requests);
  });
});

describe('a count of one', () => {
  it('counted() chooses the singular for 1 only', () => {
    expect([0, 1, 2].map((n) => counted(n, 'city', 'cities'))).toEqual(['0 cities', '1 city', '2 cities']);
    expect(counted(1, 'movie')).toBe('1 movie');
  });

  it('the movies step of a one-city run says "in 1 city"', { timeout: 60_000 }, async () => {
    const sim = await startSimulator({
      preset: 'tiny',
      now: '2026-03-02T06:00:00+07:00',
      clockMode: 'frozen',
      loginDelayMs: 0,
    });
    const rt = await createRuntime({
      env: {
        TIX_API_BASE: sim.apiBase,
        TIX_APP_BASE: sim.appBase,
        TIX_RPS: '500',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: join(dir, 'one-city'),
      },
      clock: sim.clock,
      log: createLogger({ level: 'silent', format: 'json' }),
    });
    try {
      await rt.store.set(
        TOKEN_DOC,
        tokenDocument({
          token: sim.tokens.mintAccess(),
          refreshToken: sim.tokens.mintRefresh(),
          source: 'login',
          phone: '',
          storedAt: sim.clock.now(),
        }),
      );
      const deps = { config: rt.config, store: rt.store, clock: rt.clock, log: rt.log };
      const session = await openSession(deps);
      const { cityByName } = await import('../shared/tix/cities.js');
      const city = cityByName(sim.data.cities[0]!.name)!;
      const r = await runStep('movies', deps, session, { cities: [city] });
      session.close();
      expect(r.detail).toMatch(/^\d+ movies? in 1 city[;,]/);
    } finally {
      await rt.close();
      await sim.close();
    }
  });
});

describe("the README's quick start", () => {
  it('is the two commands a newcomer can run (npm ci, npm run demo); the tests say what they need', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
    );
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    expect(
      block
        .trim()
        .split('\n')
        .map((l) => l.replace(/#.*$/, '').trim()),
    ).toEqual(['npm ci', 'npm run demo']);
    expect(section).toMatch(/`npm test` runs every test and needs Java/);
    expect(section).toMatch(/`npm run test:unit` needs nothing more/);
  });
});

describe('npm run report without CINERADAR_DATA_DIR, after the demo', () => {
  it('writes no empty page, exits 1, and says the day is in data/demo and how to read it', { timeout: 60_000 }, () => {
    const date = demoDate();
    const r = command('scripts/report/main.ts', ['--date', date]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `report: the file store ./data holds nothing for ${date} (no seat readings, schedules or runs); no page written. ` +
        `The demo's day ${date} is in data/demo: CINERADAR_DATA_DIR=data/demo npm run report -- --date ${date}`,
    ]);
    expect(existsSync(join(dir, 'reports', `cineradar-${date}.html`))).toBe(false);
    // With the hint followed, the page is written.
    const ok = command('scripts/report/main.ts', ['--date', date], { CINERADAR_DATA_DIR: 'data/demo' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'reports', `cineradar-${date}.html`))).toBe(true);
  });
});

/** The folders under `root` that hold nothing. */
function emptyDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const names = readdirSync(d);
    if (names.length === 0 && d !== root) out.push(d);
    for (const n of names) if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
  };
  walk(root);
  return out;
}

describe('prune and restore on the demo day', () => {
  it(
    'prune lists only days with documents, leaves no empty folder; --date inside the window is a usage error; restore says what is missing in one line',
    { timeout: 120_000 },
    () => {
      const date = demoDate();
      cpSync(dataDir, join(dir, 'prune-data'), { recursive: true });
      const env = { CINERADAR_DATA_DIR: 'prune-data' };
      const later = `${addDaysToDate(date, 20)}T06:00:00+07:00`;

      // Inside the window (the demo's own day, today): one line, exit 2, nothing recorded or archived.
      const inside = command('scripts/prune.ts', ['--date', date], env);
      expect(inside.status).toBe(2);
      expect(inside.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^prune: --date ${date} is inside the retention window: the newest day prune may remove is `),
        ),
      ]);
      expect(existsSync(join(dir, 'archive'))).toBe(false);

      // Twenty days later the demo's day is archived and deleted; the manifest lists that day only.
      const pruned = command('scripts/prune.ts', [], { ...env, CINERADAR_NOW: later });
      expect(pruned.status, pruned.stderr).toBe(0);
      expect(pruned.stdout).toMatch(new RegExp(`^prune ${date}: (\\d+) archived, \\1 deleted$`, 'm'));
      expect(pruned.stdout).toMatch(
        /^prune: 30 days looked at \(up to .*\): 1 archived or deleted, 29 held no documents$/m,
      );
      const manifest = JSON.parse(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')) as {
        days: Record<string, unknown>;
        checked_through: string;
      };
      expect(Object.keys(manifest.days)).toEqual([date]);
      expect(manifest.checked_through).toBe(addDaysToDate(date, 6));
      expect(emptyDirs(join(dir, 'prune-data'))).toEqual([]);
      // A second run reads none of the empty days again (only the archived day's entry is looked at): the manifest does not grow.
      const again = command('scripts/prune.ts', [], { ...env, CINERADAR_NOW: later });
      expect(again.stdout).toMatch(/^prune: 1 day looked at \(.*\): 0 archived or deleted, 0 held no documents$/m);
      expect(
        Object.keys((JSON.parse(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')) as { days: object }).days),
      ).toEqual([date]);

      // A day the archive does not hold: one line naming the days it holds and how to fetch, exit 1.
      const other = addDaysToDate(date, -3);
      const missing = command('scripts/restore.ts', ['--date', other], env);
      expect(missing.status).toBe(1);
      expect(missing.stdout).toBe('');
      expect(missing.stderr.trim().split('\n')).toEqual([
        `restore ${other}: ${other} is not in archive/manifest.json (it holds ${date}); fetch it with: gh release download archive --pattern manifest.json --pattern ${other}.ndjson.gz --dir ./archive`,
      ]);
      // The archived day comes back whole.
      const back = command('scripts/restore.ts', ['--date', date], env);
      expect(back.status, back.stderr).toBe(0);
      expect(back.stdout).toMatch(new RegExp(`^restore ${date}: (\\d+) of \\1 documents written$`, 'm'));
    },
  );
});

describe('CINERADAR_DATA_DIR=data/demo npm run health, after the demo, at real time', () => {
  it(
    'exits 0 on the one-day store at any hour of the day: judged as of its last run (made under a pinned clock), saying what it could not check',
    { timeout: 60_000 },
    () => {
      const date = demoDate();
      // Real time (no CINERADAR_NOW): the demo's runs recorded their pinned clock, so the hour health runs at does not matter.
      const r = command('scripts/health.ts', [], { CINERADAR_DATA_DIR: 'data/demo' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const out = r.stdout.trim().split('\n');
      expect(out[0]).toMatch(
        new RegExp(
          `^health ${date}: this day was made under a pinned clock \\(the demo\\): judged as of \\d{2}:\\d{2} WIB, the end of its last run`,
        ),
      );
      expect(out.slice(1, 3)).toEqual([
        `health ${date}: reads used today: not checked (file store)`,
        `health ${date}: not checked: counts: the store holds no earlier day (none of the 7 before ${date}) to compare with`,
      ]);
      expect(out).toContain(
        `health ${date}: not checked: daily_summaries/${addDaysToDate(date, -1)} and box_office/${addDaysToDate(date, -1)}: the store holds no day before ${date}`,
      );
      expect(out.at(-1)).toBe(`health ${date}: ok (everything that could be checked)`);
    },
  );
});
