/**
 * The archive of one day: `{dir}/{date}.ndjson.gz`, and `{dir}/manifest.json` listing every day
 * archived and whether it was deleted from the store (docs/operations.md, "Retention", documents
 * the format). The workflow keeps both as assets of the repository's `archive` release.
 *
 * The file is gzip of UTF-8 lines. The first line is the header, every other line one document,
 * sorted by path, with its fields in the JSON form of Firestore's REST API (shared/store/typed.ts):
 *
 *   {"format":"cineradar-day-archive","version":1,"date":"2026-01-19","documents":13287,"created_at":"…Z"}
 *   {"path":"daily_admissions/2026-01-19/movies/123","fields":{"date":{"stringValue":"2026-01-19"},…}}
 *
 * `zcat 2026-01-19.ndjson.gz | tail -n +2 | jq .path` lists the day. The manifest keeps each
 * file's document count, size and SHA-256, checked before a file is used to delete or restore.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TypedDoc } from '../../shared/store/typed.js';

export const ARCHIVE_FORMAT = 'cineradar-day-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  date: string;
  documents: number;
  created_at: string;
}

export interface ManifestDay {
  /** The archive file's name in the directory (absent only in manifests from before days without documents were left out). */
  file?: string;
  documents: number;
  bytes?: number;
  sha256?: string;
  archived_at: string;
  /** When its documents were deleted from the store (absent: still there, or not known). */
  deleted_at?: string;
  /** While deleting: how many of its documents (in file order) are deleted already. */
  deleted_upto?: number;
}

export interface Manifest {
  format: 'cineradar-archive-manifest';
  version: 1;
  /** The archived days: only days that held documents (each with its file). */
  days: Record<string, ManifestDay>;
  /**
   * Every day up to this one was looked at by a scheduled prune: those that held documents are in
   * `days`, the others held none and are not read again (so an empty day costs its reads once).
   */
  checked_through?: string;
}

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export const archiveFileName = (date: string) => `${date}.ndjson.gz`;
const manifestFile = (dir: string) => join(dir, 'manifest.json');

export function encodeArchive(date: string, docs: readonly TypedDoc[], createdAt: string): Buffer {
  const sorted = [...docs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    date,
    documents: sorted.length,
    created_at: createdAt,
  };
  const lines = [JSON.stringify(header), ...sorted.map((d) => JSON.stringify({ path: d.path, fields: d.fields }))];
  return gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 });
}

/** The header and documents of an archive; an ArchiveError names what is wrong with it. */
export function decodeArchive(
  gz: Buffer,
  name: string,
  expectDate?: string,
): { header: ArchiveHeader; docs: TypedDoc[] } {
  let text: string;
  try {
    text = gunzipSync(gz).toString('utf8');
  } catch (err) {
    throw new ArchiveError(`${name}: not a gzip file (${(err as Error).message})`);
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new ArchiveError(`${name}: line ${n} is not JSON`);
    }
  };
  const header = parse(lines[0] ?? '', 1) as Partial<ArchiveHeader> | null;
  if (
    !header ||
    header.format !== ARCHIVE_FORMAT ||
    header.version !== ARCHIVE_VERSION ||
    typeof header.date !== 'string'
  ) {
    throw new ArchiveError(`${name}: no ${ARCHIVE_FORMAT} v${ARCHIVE_VERSION} header on line 1`);
  }
  if (expectDate && header.date !== expectDate)
    throw new ArchiveError(`${name}: holds ${header.date}, not ${expectDate}`);
  const docs = lines.slice(1).map((l, i) => {
    const d = parse(l, i + 2) as Partial<TypedDoc> | null;
    if (!d || typeof d.path !== 'string' || !d.fields || typeof d.fields !== 'object')
      throw new ArchiveError(`${name}: line ${i + 2} is not {path, fields}`);
    return { path: d.path, fields: d.fields };
  });
  if (docs.length !== header.documents)
    throw new ArchiveError(`${name}: header says ${header.documents} documents, the file holds ${docs.length}`);
  return { header: header as ArchiveHeader, docs };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function writeAtomic(file: string, content: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

/** Write a day's archive file (atomically) and return its manifest entry. */
export async function writeArchive(
  dir: string,
  date: string,
  docs: readonly TypedDoc[],
  createdAt: string,
): Promise<ManifestDay> {
  await fs.mkdir(dir, { recursive: true });
  const gz = encodeArchive(date, docs, createdAt);
  const file = archiveFileName(date);
  await writeAtomic(join(dir, file), gz);
  return { file, documents: docs.length, bytes: gz.length, sha256: sha256(gz), archived_at: createdAt };
}

/** A day's archived documents, checked against the manifest entry when there is one. */
export async function readArchive(dir: string, date: string, entry?: ManifestDay): Promise<TypedDoc[]> {
  const name = join(dir, entry?.file ?? archiveFileName(date));
  let gz: Buffer;
  try {
    gz = await fs.readFile(name);
  } catch (err) {
    throw new ArchiveError(`${name}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (entry?.sha256 && sha256(gz) !== entry.sha256)
    throw new ArchiveError(`${name}: SHA-256 differs from manifest.json (changed or truncated)`);
  const { docs } = decodeArchive(gz, name, date);
  if (entry && docs.length !== entry.documents)
    throw new ArchiveError(`${name}: ${docs.length} documents, manifest.json says ${entry.documents}`);
  return docs;
}

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(manifestFile(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { format: 'cineradar-archive-manifest', version: 1, days: {} };
    throw err;
  }
  const m = JSON.parse(text) as Partial<Manifest>;
  if (m.format !== 'cineradar-archive-manifest' || !m.days)
    throw new ArchiveError(`${manifestFile(dir)}: not a cineradar archive manifest`);
  // Older manifests listed days without documents (no file): they are left out, looked at once more.
  const days = Object.fromEntries(Object.entries(m.days).filter(([, d]) => d.documents > 0));
  return { ...(m as Manifest), days };
}

/** The archived days of a manifest, oldest first. */
export function archivedDays(m: Manifest): string[] {
  return Object.keys(m.days).sort();
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const days = Object.fromEntries(
    Object.keys(m.days)
      .sort()
      .map((d) => [d, m.days[d]!]),
  );
  await writeAtomic(manifestFile(dir), JSON.stringify({ ...m, days }, null, 2) + '\n');
}
