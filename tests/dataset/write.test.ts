/**
 * The writer and the views, on hand-made rows of the box office's types (tests/dataset/rows.ts):
 * every value comes back through DuckDB as written, with the documented column types and the
 * schema version in each file's metadata; a re-export gives the same bytes and replaces the day's
 * files; a bad row is refused by name and leaves the day's files as they were.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, sqlString } from '../../scripts/dataset/duck.js';
import { openDataset } from '../../scripts/dataset/open.js';
import { COLUMNS, KV_TABLE, KV_VERSION, SCHEMA_VERSION, TABLES } from '../../scripts/dataset/schema.js';
import { writeDay } from '../../scripts/dataset/write.js';
import { smallDay } from './rows.js';

const D1 = '2026-01-19';
const D2 = '2026-01-20';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytesOfDay = async (date: string) =>
  Promise.all(TABLES.map((t) => readFile(join(dir, t, `date=${date}`, 'data.parquet'))));

describe('writeDay', () => {
  it('writes one file per table and day, and the views give every row back with its values', async () => {
    const day = smallDay(D1);
    const files = await writeDay(dir, D1, day);
    expect(files.map((f) => [f.path, f.rows])).toEqual([
      [`readings/date=${D1}/data.parquet`, 5],
      [`shows/date=${D1}/data.parquet`, 4],
      [`movie_days/date=${D1}/data.parquet`, 2],
      [`nowcasts/date=${D1}/data.parquet`, 2],
    ]);
    for (const f of files) expect(f.bytes).toBeGreaterThan(100);
    const ds = await openDataset(dir);
    try {
      // instants print in UTC: '2026-01-19 12:00:00+00'
      const utc = (iso: string) => iso.replace('T', ' ').replace('.000Z', '+00');
      const shows = await ds.rows(`SELECT * FROM shows ORDER BY showtime_id`);
      expect(shows).toEqual(day.shows.map((s) => ({ ...s, start_at: utc(s.start_at) })));
      const readings = await ds.rows(`SELECT * FROM readings ORDER BY showtime_id, read_at`);
      expect(readings).toEqual(day.readings.map((r) => ({ ...r, read_at: utc(r.read_at) })));
      const movies = await ds.rows(`SELECT * FROM movie_days ORDER BY rank`);
      expect(movies).toEqual(day.movie_days);
      const nowcasts = await ds.rows(`SELECT * FROM nowcasts ORDER BY movie_id`);
      expect(nowcasts).toEqual([...day.nowcasts].sort((a, b) => (a.movie_id < b.movie_id ? -1 : 1)));
    } finally {
      ds.close();
    }
  });

  it('gives every column its documented type (date from the partition) and each file the schema version', async () => {
    const ds = await openDataset(dir);
    try {
      for (const t of TABLES) {
        const described = await ds.rows(`DESCRIBE ${t}`);
        expect(
          described.map((r) => [r.column_name, r.column_type]),
          t,
        ).toEqual(COLUMNS[t].map((c) => [c.name, c.type === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : c.type]));
        const file = join(dir, t, `date=${D1}`, 'data.parquet');
        const kv = await ds.rows(
          `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(file)}) ORDER BY k`,
        );
        expect(kv).toEqual([
          { k: KV_VERSION, v: String(SCHEMA_VERSION) },
          { k: KV_TABLE, v: t },
        ]);
        // the partition key lives in the path only
        const inFile = await ds.rows(`SELECT name FROM parquet_schema(${sqlString(file)}) WHERE name = 'date'`);
        expect(inFile).toEqual([]);
      }
    } finally {
      ds.close();
    }
  });

  it('re-exporting the same rows gives the same bytes; new rows replace the day, other days stay', async () => {
    await writeDay(dir, D2, smallDay(D2));
    const before = await bytesOfDay(D1);
    await writeFile(join(dir, 'shows', `date=${D1}`, 'stale.parquet'), 'left by an older exporter');
    await writeDay(dir, D1, smallDay(D1));
    expect(await bytesOfDay(D1)).toEqual(before);
    expect(await readdir(join(dir, 'shows', `date=${D1}`))).toEqual(['data.parquet']);

    const fewer = smallDay(D1);
    fewer.shows = fewer.shows.slice(0, 2);
    await writeDay(dir, D1, fewer);
    const ds = await openDataset(dir);
    try {
      expect(
        await ds.rows(
          `SELECT strftime(date, '%Y-%m-%d') AS d, count(*)::INTEGER AS n FROM shows GROUP BY ALL ORDER BY d`,
        ),
      ).toEqual([
        { d: D1, n: 2 },
        { d: D2, n: 4 },
      ]);
    } finally {
      ds.close();
    }
  });

  it('refuses a bad row by table, show and column, and leaves the day as it was', async () => {
    const before = await bytesOfDay(D2);
    const cases: [(d: ReturnType<typeof smallDay>) => void, RegExp][] = [
      [
        (d) => ((d.shows[1] as { gross_idr_min: unknown }).gross_idr_min = 12.5),
        /shows 2026-01-20, show s2: gross_idr_min 12.5 is not a whole number/,
      ],
      [(d) => ((d.shows[0] as { movie_id: unknown }).movie_id = null), /shows 2026-01-20, show s1: movie_id is null/],
      [
        (d) => ((d.readings[1] as { read_at: unknown }).read_at = '2026-01-20 11:52'),
        /readings 2026-01-20, show s1 \(jit\): read_at "2026-01-20 11:52" is not an ISO instant/,
      ],
      [
        (d) => ((d.movie_days[0] as { date: unknown }).date = D1),
        /movie_days 2026-01-20, movie m1: date "2026-01-19" in the export of 2026-01-20/,
      ],
    ];
    for (const [spoil, message] of cases) {
      const day = smallDay(D2);
      spoil(day);
      const err = await writeDay(dir, D2, day).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatasetError);
      expect((err as Error).message).toMatch(message);
    }
    expect(await bytesOfDay(D2)).toEqual(before);
  });

  it('opens an empty directory with typed, empty views, and refuses a missing one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'dataset-empty-'));
    try {
      const ds = await openDataset(empty);
      try {
        expect(await ds.rows(`SELECT count(*)::INTEGER AS n, max(admissions) AS a FROM shows`)).toEqual([
          { n: 0, a: null },
        ]);
        expect((await ds.rows(`DESCRIBE movie_days`)).length).toBe(COLUMNS.movie_days.length);
      } finally {
        ds.close();
      }
      await expect(openDataset(join(empty, 'nope'))).rejects.toThrow(/no dataset at .*nope/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
