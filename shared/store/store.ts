/**
 * The one store interface every scraper uses. Two implementations: Firestore (firebase-admin)
 * and the file store (JSON files under CINERADAR_DATA_DIR). Paths are Firestore document paths
 * (`snapshots/latest`, `schedules/2026-01-19/movies/123`); collections are the paths of
 * collections (`seat_snapshots`, `schedules/2026-01-19/movies`).
 *
 * Every write is checked first by shared/store/documents.ts (`checkDocument`, the schemas); a
 * document that breaks its schema or Firestore's limits is refused with its path and field.
 */
import type { DocData } from './data.js';
import type { TypedDoc } from './typed.js';

export type { DocData } from './data.js';

export interface DocWrite {
  path: string;
  data: DocData;
  /** Merge into an existing document instead of replacing it. */
  merge?: boolean;
}

export interface WriteFailure {
  path: string;
  error: string;
}

export interface WriteReport {
  written: number;
  failed: WriteFailure[];
  /** Milliseconds spent writing. */
  ms: number;
  /** The largest document written, in Firestore's size formula. */
  maxBytes: number;
}

export interface StoredDoc {
  id: string;
  path: string;
  data: DocData;
}

export interface ListOptions {
  /** Equality filters on top-level fields, all of which must hold. */
  where?: Record<string, string | number | boolean>;
  /**
   * Only these top-level fields of each document are returned (a Firestore projection,
   * `select(...)`, so the rest never leaves the server); a field a document lacks is absent from
   * its data. Omitted: every field. An empty list returns documents with empty data.
   */
  fields?: readonly string[];
  /** Only documents whose id is ≥ this (a Firestore `__name__` range; ids compare as strings). */
  idFrom?: string;
  /** Only documents whose id is < this. */
  idBefore?: string;
}

/** What `deleteMany` did. */
export interface DeleteReport {
  deleted: number;
  failed: WriteFailure[];
  ms: number;
}

/** What a transaction callback sees and may decide. */
export interface TxResult<T> {
  /** Replace the document with this (omit to leave it untouched). */
  write?: DocData;
  result: T;
}

export interface Store {
  readonly kind: 'firestore' | 'file';
  /** A document, or undefined when it does not exist. */
  get(path: string): Promise<DocData | undefined>;
  /** Write one document (validated); throws StoreError on refusal or failure. */
  set(path: string, data: DocData, opts?: { merge?: boolean }): Promise<void>;
  /**
   * Write many documents as fast as the backend allows. Invalid documents and failed writes are
   * collected in the report, never thrown away and never stop the rest.
   */
  writeMany(docs: DocWrite[]): Promise<WriteReport>;
  /**
   * Documents directly in a collection (not sub-collections), ordered by id; optionally only those
   * whose top-level fields equal the given values (a Firestore equality query).
   */
  list(collection: string, opts?: ListOptions): Promise<StoredDoc[]>;
  /**
   * Write a set of documents so that readers see all of them or none (a Firestore batch; in the
   * file store every temp file is written before any rename). All are validated before anything
   * is written. At most 500 documents.
   */
  publish(docs: DocWrite[]): Promise<void>;
  /** Atomic read-modify-write of one document (Firestore transaction; file store: a lock file). */
  transaction<T>(path: string, fn: (current: DocData | undefined) => TxResult<T> | Promise<TxResult<T>>): Promise<T>;
  delete(path: string): Promise<void>;
  /** Delete many documents (a BulkWriter); failures are reported per path, never thrown. */
  deleteMany(paths: readonly string[]): Promise<DeleteReport>;
  /** How many documents of a collection match (a Firestore count() aggregation: 1 read per 1,000). */
  count(collection: string, where?: ListOptions['where']): Promise<number>;
  /**
   * Documents with their Firestore value types (shared/store/typed.ts), for the retention archive:
   * `list` without `fields`, typed. The file store keeps no types: whole numbers come back as
   * integerValue.
   */
  exportDocs(collection: string, opts?: Omit<ListOptions, 'fields'>): Promise<TypedDoc[]>;
  /** One document with its types, or undefined. */
  exportDoc(path: string): Promise<TypedDoc | undefined>;
  /**
   * Put archived documents back exactly (restore): Firestore checks each against its schema and
   * writes doubleValue/integerValue as archived; the file store writes the JSON it held.
   */
  importDocs(docs: readonly TypedDoc[]): Promise<WriteReport>;
  /** Release connections so the process can exit at once. */
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly path: string,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${path}: ${field}: ${message}` : `${path}: ${message}`);
    this.name = 'StoreError';
  }
}
