/**
 * `npm run dataset -- pull`: the published days (release assets, docs/dataset.md "Where it is
 * published") into the hive layout of DIR. A release per month, `dataset-YYYY-MM`, holds
 * `{table}-{date}.parquet` for each day; pull lists the repository's releases (GitHub REST API),
 * keeps the assets of the days asked for, and downloads each into
 * `DIR/{table}/date={date}/data.parquet` (beside it, then renamed), skipping a file whose bytes
 * are already there (the asset's SHA-256 digest, when GitHub gives one, else its size). A download
 * that is not the size (or digest) the release lists is refused, named, and the others go on.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE, dayDir, TABLES, type TableName } from './schema.js';

export interface PullOptions {
  dir: string;
  repo: string;
  from?: string;
  to?: string;
  apiUrl: string;
  token?: string;
}

export interface PullResult {
  /** Files downloaded, and files already there with the same bytes. */
  downloaded: string[];
  unchanged: string[];
  failed: { file: string; error: string }[];
  /** The days found in the range. */
  days: string[];
}

interface Asset {
  id: number;
  name: string;
  size: number;
  url: string;
  digest?: string | null;
}
interface Release {
  tag_name: string;
  assets: Asset[];
}

export const RELEASE_PREFIX = 'dataset-';
/** The release of a day: `dataset-2026-01` for 2026-01-19. */
export const releaseTag = (date: string) => `${RELEASE_PREFIX}${date.slice(0, 7)}`;
/** The asset of a table's day: `shows-2026-01-19.parquet`. */
export const assetName = (table: TableName, date: string) => `${table}-${date}.parquet`;

const ASSET = new RegExp(`^(${TABLES.join('|')})-(\\d{4}-\\d{2}-\\d{2})\\.parquet$`);

function headers(o: PullOptions, accept: string): Record<string, string> {
  return {
    accept,
    'user-agent': 'cineradar-dataset',
    'x-github-api-version': '2022-11-28',
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  };
}

/** Every `dataset-YYYY-MM` release of the repository (all pages). */
async function listReleases(o: PullOptions): Promise<Release[]> {
  const out: Release[] = [];
  for (let page = 1; ; page++) {
    const url = `${o.apiUrl.replace(/\/$/, '')}/repos/${o.repo}/releases?per_page=100&page=${page}`;
    const res = await fetch(url, { headers: headers(o, 'application/vnd.github+json') });
    if (!res.ok)
      throw new Error(
        `GitHub API GET /repos/${o.repo}/releases: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`,
      );
    const list = (await res.json()) as Release[];
    out.push(...list.filter((r) => /^dataset-\d{4}-\d{2}$/.test(r.tag_name)));
    if (list.length < 100) return out;
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** True when `file` already holds the asset's bytes. */
async function same(file: string, a: Asset): Promise<boolean> {
  const bytes = await fs.readFile(file).catch(() => undefined);
  if (!bytes || bytes.length !== a.size) return false;
  return a.digest?.startsWith('sha256:') ? sha256(bytes) === a.digest.slice(7) : true;
}

async function download(o: PullOptions, a: Asset, file: string): Promise<void> {
  const res = await fetch(a.url, { headers: headers(o, 'application/octet-stream'), redirect: 'follow' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length !== a.size) throw new Error(`${bytes.length} bytes, the release lists ${a.size}`);
  if (a.digest?.startsWith('sha256:') && sha256(bytes) !== a.digest.slice(7))
    throw new Error("SHA-256 differs from the release's digest");
  if (bytes.subarray(0, 4).toString() !== 'PAR1' || bytes.subarray(-4).toString() !== 'PAR1')
    throw new Error('not a Parquet file');
  await fs.mkdir(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}

/** Fetch the published days of [from, to] (every published day when open) into `dir`. */
export async function pull(o: PullOptions, log: (line: string) => void = () => {}): Promise<PullResult> {
  const result: PullResult = { downloaded: [], unchanged: [], failed: [], days: [] };
  const days = new Set<string>();
  const inRange = (d: string) => (!o.from || d >= o.from) && (!o.to || d <= o.to);
  for (const release of await listReleases(o)) {
    for (const a of release.assets) {
      const m = ASSET.exec(a.name);
      if (!m || !inRange(m[2]!) || releaseTag(m[2]!) !== release.tag_name) continue;
      const rel = `${dayDir(m[1] as TableName, m[2]!)}/${DATA_FILE}`;
      days.add(m[2]!);
      try {
        if (await same(join(o.dir, rel), a)) {
          result.unchanged.push(rel);
          continue;
        }
        await download(o, a, join(o.dir, rel));
        result.downloaded.push(rel);
        log(`pull: ${release.tag_name}/${a.name} → ${rel}`);
      } catch (err) {
        result.failed.push({ file: `${release.tag_name}/${a.name}`, error: (err as Error).message });
      }
    }
  }
  result.days = [...days].sort();
  for (const d of result.days) {
    for (const t of TABLES) {
      const rel = `${dayDir(t, d)}/${DATA_FILE}`;
      if (
        ![...result.downloaded, ...result.unchanged].includes(rel) &&
        !result.failed.some((f) => f.file.endsWith(`/${assetName(t, d)}`))
      ) {
        result.failed.push({
          file: `${releaseTag(d)}/${assetName(t, d)}`,
          error: 'not in the release (the day is incomplete)',
        });
      }
    }
  }
  return result;
}
