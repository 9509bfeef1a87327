/**
 * `pull` against a local fake of GitHub's releases (tests/helpers/fake-github.ts): the published
 * days of a range land in the hive layout byte for byte and read back through the views; a second
 * pull downloads nothing; a damaged download or a day missing a table is named and the rest goes on.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactFile } from '../../scripts/dataset/compact.js';
import { openDataset } from '../../scripts/dataset/open.js';
import { assetName, pull, releaseTag } from '../../scripts/dataset/pull.js';
import { TABLES } from '../../scripts/dataset/schema.js';
import { writeDay } from '../../scripts/dataset/write.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { datasetCli } from '../helpers/dataset-cli.js';
import { smallDay } from './rows.js';

const REPO = 'cineradar/CineRadar';
const TOKEN = 'test-token';
const DAYS = ['2026-01-30', '2026-01-31', '2026-02-01'];
let source: string;
let gh: FakeGitHub;
const dirs: string[] = [];

async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dataset-pull-'));
  dirs.push(d);
  return d;
}
const file = (dir: string, t: string, d: string) => join(dir, t, `date=${d}`, 'data.parquet');

beforeAll(async () => {
  source = await tmp();
  gh = await startFakeGitHub(REPO, TOKEN);
  // what the nightly job publishes: a release per month, {table}-{date}.parquet
  for (const d of DAYS) {
    await writeDay(source, d, smallDay(d));
    let release = gh.releases.find((r) => r.tag_name === releaseTag(d));
    if (!release) gh.releases.push((release = { tag_name: releaseTag(d), assets: [] }));
    for (const t of TABLES) release.assets.push({ name: assetName(t, d), data: await readFile(file(source, t, d)) });
  }
  gh.releases.push({ tag_name: 'archive', assets: [{ name: 'manifest.json', data: Buffer.from('{}') }] });
});
afterAll(async () => {
  await gh.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const opts = (dir: string, more: Partial<Parameters<typeof pull>[0]> = {}) => ({
  dir,
  repo: REPO,
  apiUrl: gh.url,
  token: TOKEN,
  ...more,
});

describe('dataset pull', () => {
  it('fetches the days of a range across monthly releases into the hive layout, byte for byte', async () => {
    const dir = await tmp();
    const r = await pull(opts(dir, { from: '2026-01-31', to: '2026-02-28' }));
    expect(r.failed).toEqual([]);
    expect(r.days).toEqual(['2026-01-31', '2026-02-01']);
    expect(r.downloaded).toHaveLength(2 * TABLES.length);
    for (const d of r.days)
      for (const t of TABLES) expect(await readFile(file(dir, t, d))).toEqual(await readFile(file(source, t, d)));
    await expect(stat(file(dir, 'shows', '2026-01-30'))).rejects.toThrow(/ENOENT/);
    const ds = await openDataset(dir);
    try {
      expect(
        await ds.rows(
          `SELECT strftime(date, '%Y-%m-%d') AS d, sum(admissions)::INTEGER AS a FROM movie_days GROUP BY ALL ORDER BY d`,
        ),
      ).toEqual([
        { d: '2026-01-31', a: 340 },
        { d: '2026-02-01', a: 340 },
      ]);
    } finally {
      ds.close();
    }
    // again: nothing to download (the release's digests match the files)
    const again = await pull(opts(dir, { from: '2026-01-31', to: '2026-02-28' }));
    expect([again.downloaded.length, again.unchanged.length, again.failed]).toEqual([0, 2 * TABLES.length, []]);
  });

  it('refuses a download that is not what the release lists, and names a day missing a table; the rest lands', async () => {
    const dir = await tmp();
    const jan = gh.releases.find((r) => r.tag_name === 'dataset-2026-01')!;
    const shows30 = jan.assets.find((a) => a.name === 'shows-2026-01-30.parquet')!;
    shows30.served = Buffer.concat([shows30.data.subarray(0, 100), Buffer.alloc(shows30.data.length - 100)]);
    const readings31 = jan.assets.findIndex((a) => a.name === 'readings-2026-01-31.parquet');
    const [removed] = jan.assets.splice(readings31, 1);
    try {
      const r = await pull(opts(dir, { to: '2026-01-31' }));
      expect(r.failed).toEqual([
        { file: 'dataset-2026-01/shows-2026-01-30.parquet', error: "SHA-256 differs from the release's digest" },
        { file: 'dataset-2026-01/readings-2026-01-31.parquet', error: 'not in the release (the day is incomplete)' },
      ]);
      expect(r.downloaded.sort()).toEqual([
        'movie_days/date=2026-01-30/data.parquet',
        'movie_days/date=2026-01-31/data.parquet',
        'nowcasts/date=2026-01-30/data.parquet',
        'nowcasts/date=2026-01-31/data.parquet',
        'readings/date=2026-01-30/data.parquet',
        'shows/date=2026-01-31/data.parquet',
      ]);
      await expect(stat(file(dir, 'shows', '2026-01-30'))).rejects.toThrow(/ENOENT/);
    } finally {
      delete shows30.served;
      jan.assets.splice(readings31, 0, removed!);
    }
  });

  it('says what the API answered when the releases cannot be listed', async () => {
    await expect(pull(opts(await tmp(), { token: 'wrong' }))).rejects.toThrow(
      /GitHub API GET \/repos\/cineradar\/CineRadar\/releases: HTTP 401/,
    );
  });

  it('the command: npm run dataset -- pull with GITHUB_API_URL, one line a file, the reader copy and a total; exit 1 when a file failed', async () => {
    const dir = await tmp();
    const run = (args: string[]) =>
      datasetCli(['pull', '--dir', dir, ...args], {
        GITHUB_API_URL: gh.url,
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: REPO,
      });
    const ok = await run(['--from', '2026-02-01']);
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(ok.out.trim().split('\n').at(-1)).toBe(
      `pull: 1 day, ${TABLES.length} files downloaded, 0 already there, 0 failed, into ${dir}`,
    );
    // the pull rebuilt the reader copy: every table, the one day
    expect(ok.out).toMatch(/^compact: readings 1 days, \d+ rows, \d+ bytes; shows 1 days, .*; movie_days 1 days, /m);
    for (const t of TABLES) expect(existsSync(compactFile(dir, t))).toBe(true);
    const feb = gh.releases.find((r) => r.tag_name === 'dataset-2026-02')!;
    feb.assets[0]!.served = Buffer.from('PAR1 not really');
    try {
      const bad = await run(['--from', '2026-02-01', '--dir', await tmp()]);
      expect(bad.code).toBe(1);
      expect(bad.err.trim().split('\n')).toEqual([
        'dataset pull: dataset-2026-02/readings-2026-02-01.parquet: 15 bytes, the release lists ' +
          feb.assets[0]!.data.length,
      ]);
    } finally {
      delete feb.assets[0]!.served;
    }
    const usage = await run(['--from', '2026-02-02', '--to', '2026-02-01']);
    expect([usage.code, usage.err.trim()]).toEqual([2, 'dataset: --from 2026-02-02 is after --to 2026-02-01']);
  }, 60_000);
});
