/**
 * `npm run dataset -- sql`, as a user runs it (its own process): the answer in each format, and a
 * query DuckDB refuses, a missing dataset or a missing query as one line on stderr and exit 2.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDay } from '../../scripts/dataset/write.js';
import { datasetCli } from '../helpers/dataset-cli.js';
import { smallDay } from './rows.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-sql-'));
  await writeDay(dir, '2026-01-19', smallDay('2026-01-19'));
  await writeDay(dir, '2026-01-20', smallDay('2026-01-20'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sql = (args: string[]) => datasetCli(['sql', ...args]);

const Q = `SELECT date, title, admissions, gross_idr_max, genres FROM movie_days ORDER BY date, rank`;

describe('dataset sql', () => {
  it('prints the answer as a table, CSV or JSON', async () => {
    const [table, csv, json] = await Promise.all([
      sql([Q, '--dir', dir]),
      sql([Q, '--dir', dir, '--format', 'csv']),
      sql([Q, '--dir', dir, '--format', 'json']),
    ]);
    for (const r of [table, csv, json]) expect([r.code, r.err]).toEqual([0, '']);
    expect(table.out.split('\n')).toEqual([
      'date        title                 admissions  gross_idr_max  genres',
      '----------  --------------------  ----------  -------------  ----------',
      '2026-01-19  KERETA MALAM                 320       15600000  ["Horror"]',
      "2026-01-19  MIDNIGHT AT MARLOW'S          20           NULL  []",
      '2026-01-20  KERETA MALAM                 320       15600000  ["Horror"]',
      "2026-01-20  MIDNIGHT AT MARLOW'S          20           NULL  []",
      '(4 rows)',
      '',
    ]);
    expect(csv.out.split('\n').slice(0, 3)).toEqual([
      'date,title,admissions,gross_idr_max,genres',
      '2026-01-19,KERETA MALAM,320,15600000,"[""Horror""]"',
      "2026-01-19,MIDNIGHT AT MARLOW'S,20,,[]",
    ]);
    expect(JSON.parse(json.out)).toEqual([
      { date: '2026-01-19', title: 'KERETA MALAM', admissions: 320, gross_idr_max: 15600000, genres: ['Horror'] },
      { date: '2026-01-19', title: "MIDNIGHT AT MARLOW'S", admissions: 20, gross_idr_max: null, genres: [] },
      { date: '2026-01-20', title: 'KERETA MALAM', admissions: 320, gross_idr_max: 15600000, genres: ['Horror'] },
      { date: '2026-01-20', title: "MIDNIGHT AT MARLOW'S", admissions: 20, gross_idr_max: null, genres: [] },
    ]);
  }, 60_000);

  it('a sum over BIGINT money comes back as a number, exact', async () => {
    const r = await sql([
      `SELECT sum(gross_idr_min) AS g, sum(admissions) AS a FROM shows`,
      '--dir',
      dir,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([{ g: 2 * (7_500_000 + 6_900_000 + 1_000_000), a: 2 * (150 + 150 + 20) }]);
  }, 60_000);

  it('refuses a bad query, a missing dataset, an empty query and a bad format with one line and exit 2', async () => {
    const runs = await Promise.all([
      sql([`SELEC title FROM movie_days`, '--dir', dir]),
      sql([`SELECT nope FROM shows`, '--dir', dir]),
      sql([`SELECT 1`, '--dir', join(dir, 'missing')]),
      sql(['--dir', dir]),
      sql([Q, '--dir', dir, '--format', 'xml']),
    ]);
    const lines = runs.map((r) => [r.code, r.out, r.err.trim().split('\n')]);
    expect(lines).toEqual([
      [2, '', [expect.stringMatching(/^dataset: Parser Error: syntax error at or near "SELEC"$/)]],
      [2, '', [expect.stringMatching(/^dataset: Binder Error: Referenced column "nope" not found/)]],
      [2, '', [`dataset: no dataset at ${join(dir, 'missing')} (npm run dataset -- pull, or export)`]],
      [2, '', ['dataset: sql needs a query: npm run dataset -- sql "SELECT …"']],
      [2, '', ['dataset: --format must be one of table, csv, json (got "xml")']],
    ]);
  }, 60_000);
});
