/**
 * The Firestore store, through firebase-admin. One firebase app per store (a named app, so a
 * test can hold several projects at once); credentials from FIREBASE_SERVICE_ACCOUNT (JSON) or
 * GOOGLE_APPLICATION_CREDENTIALS; the emulator when FIRESTORE_EMULATOR_HOST is set (then no credential at all
 * and no metadata-server lookup).
 *
 * - writeMany: a BulkWriter; transient errors are retried a few times, then every failure is
 *   recorded per document in the report.
 * - publish: one batch (≤ 500 documents), so readers see all or nothing.
 * - transaction: runTransaction (the callback may run more than once under contention).
 * - `Double` values are sent as doubleValue even when whole (firebase-admin would send integerValue).
 * - close() terminates the client and deletes the app, so a CLI exits at once.
 */
import { randomBytes } from 'node:crypto';
import { applicationDefault, cert, deleteApp, initializeApp, type App, type AppOptions } from 'firebase-admin/app';
import {
  DocumentReference,
  FieldPath,
  GrpcStatus,
  initializeFirestore,
  type DocumentData,
  type Firestore,
  type SetOptions,
} from 'firebase-admin/firestore';
import type { Logger } from '../log.js';
import { checkDocument, checkPublishSet } from './documents.js';
import { fromFirestoreValue, mergeFieldPaths, sdkTyped, toFirestoreValue } from './firestore-values.js';
import { pathSegments } from './limits.js';
import { dataOf, typedFields, type TypedDoc } from './typed.js';
import {
  StoreError,
  type DeleteReport,
  type DocData,
  type DocWrite,
  type ListOptions,
  type Store,
  type StoredDoc,
  type TxResult,
  type WriteReport,
} from './store.js';

export interface FirestoreStoreOptions {
  projectId: string;
  /** host:port of the emulator; unset for the real Firestore. */
  emulatorHost?: string | undefined;
  /** A parsed service-account key (FIREBASE_SERVICE_ACCOUNT). Without it: application default credentials. */
  serviceAccount?: { project_id: string; client_email: string; private_key: string } | undefined;
  /** True only against the real Firestore: enables preferRest (which breaks against the emulator). */
  real: boolean;
  log?: Logger;
  /** Attempts for a transient write error in writeMany before it is recorded. */
  maxWriteAttempts?: number;
}

const TRANSIENT = new Set<number>([
  GrpcStatus.ABORTED,
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.INTERNAL,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.UNKNOWN,
]);

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let appCounter = 0;

export class FirestoreStore implements Store {
  readonly kind = 'firestore' as const;
  readonly projectId: string;
  readonly db: Firestore;
  private readonly app: App;
  private readonly log: Logger | undefined;
  private readonly emulator: boolean;
  private readonly maxWriteAttempts: number;
  private closed = false;
  private readonly appOptions: AppOptions;
  private readonly settings: FirebaseFirestore.Settings;
  private readonly real: boolean;
  /** A second client that reads integers as bigint (exportDocs), made on first use. */
  private typed: { app: App; db: Firestore } | undefined;

  /**
   * An OAuth access token from the credential firebase-admin uses (for another Google API, e.g.
   * Cloud Monitoring); undefined on the emulator, which has no credential.
   */
  accessToken(): (() => Promise<string>) | undefined {
    const credential = this.app.options.credential;
    if (this.emulator || !credential) return undefined;
    return async () => (await credential.getAccessToken()).access_token;
  }

  constructor(opts: FirestoreStoreOptions) {
    this.projectId = opts.projectId;
    this.log = opts.log;
    this.emulator = Boolean(opts.emulatorHost);
    this.maxWriteAttempts = opts.maxWriteAttempts ?? 4;
    const appOptions: AppOptions = { projectId: opts.projectId };
    if (this.emulator) {
      // The emulator takes no credential: none is given, so nothing here looks one up (firebase-admin
      // keeps a lazy placeholder that Firestore never asks for a token; the client sends
      // "Bearer owner" to the emulator itself).
    } else if (opts.serviceAccount) {
      appOptions.credential = cert({
        projectId: opts.serviceAccount.project_id,
        clientEmail: opts.serviceAccount.client_email,
        privateKey: opts.serviceAccount.private_key,
      });
    } else {
      appOptions.credential = applicationDefault();
    }
    const name = `cineradar-${process.pid}-${++appCounter}-${randomBytes(3).toString('hex')}`;
    this.app = initializeApp(appOptions, name);
    this.db = initializeFirestore(this.app, opts.real && !this.emulator ? { preferRest: true } : {});
    const settings: FirebaseFirestore.Settings = { ignoreUndefinedProperties: true };
    if (this.emulator) {
      // google-gax asks the auth library for the universe domain before its first call; unless it is
      // given, that resolves application default credentials, which probes the GCE metadata server
      // (a request off this machine, and a MetadataLookupWarning when it answers 403). The emulator
      // needs no credentials, so name the default domain and nothing is looked up.
      settings.universeDomain = 'googleapis.com';
    }
    if (opts.emulatorHost && !process.env.FIRESTORE_EMULATOR_HOST) {
      // The client reads FIRESTORE_EMULATOR_HOST from process.env only; a config from elsewhere needs this.
      settings.host = opts.emulatorHost;
      settings.ssl = false;
    }
    this.db.settings(settings);
    this.appOptions = appOptions;
    this.settings = settings;
    this.real = opts.real && !this.emulator;
  }

  /**
   * The client for typed reads: the same project and credential, with `useBigInt` so an
   * integerValue comes back as a bigint and only a doubleValue as a number.
   */
  private typedDb(): Firestore {
    if (!this.typed) {
      const app = initializeApp(this.appOptions, `${this.app.name}-typed`);
      const db = initializeFirestore(app, this.real ? { preferRest: true } : {});
      db.settings({ ...this.settings, useBigInt: true });
      this.typed = { app, db };
    }
    return this.typed.db;
  }

  private doc(path: string) {
    pathSegments(path, 'document');
    return this.db.doc(path);
  }

  async get(path: string): Promise<DocData | undefined> {
    const ref = this.doc(path);
    try {
      const snap = await ref.get();
      return snap.exists ? (fromFirestoreValue(snap.data()) as DocData) : undefined;
    } catch (err) {
      throw new StoreError(path, `read failed: ${message(err)}`);
    }
  }

  async set(path: string, data: DocData, opts: { merge?: boolean } = {}): Promise<void> {
    const merge = opts.merge === true;
    checkDocument(path, data, { partial: merge });
    const ref = this.doc(path);
    try {
      await ref.set(toFirestoreValue(data) as DocumentData, this.setOptions(data, merge));
    } catch (err) {
      throw new StoreError(path, `write failed: ${message(err)}`);
    }
  }

  async writeMany(docs: DocWrite[]): Promise<WriteReport> {
    const started = Date.now();
    const report: WriteReport = { written: 0, failed: [], ms: 0, maxBytes: 0 };
    const writer = this.db.bulkWriter(this.emulator ? { throttling: false } : {});
    writer.onWriteError((err: FirebaseFirestore.BulkWriterError) => {
      const retry = TRANSIENT.has(err.code) && err.failedAttempts < this.maxWriteAttempts;
      if (retry)
        this.log?.debug({ path: err.documentRef.path, code: err.code, attempt: err.failedAttempts }, 'retrying write');
      return retry;
    });
    const pending: Promise<void>[] = [];
    for (const d of docs) {
      let bytes: number;
      let ref: DocumentReference;
      try {
        bytes = checkDocument(d.path, d.data, { partial: d.merge === true }).bytes;
        ref = this.doc(d.path);
      } catch (err) {
        report.failed.push({ path: d.path, error: message(err) });
        continue;
      }
      const merge = d.merge === true;
      pending.push(
        writer.set(ref, toFirestoreValue(d.data) as DocumentData, this.setOptions(d.data, merge)).then(
          () => {
            report.written += 1;
            report.maxBytes = Math.max(report.maxBytes, bytes);
          },
          (err: unknown) => {
            report.failed.push({ path: d.path, error: `write failed: ${message(err)}` });
          },
        ),
      );
    }
    try {
      await writer.close();
    } finally {
      await Promise.all(pending);
    }
    report.ms = Date.now() - started;
    if (report.failed.length > 0) {
      this.log?.warn(
        { failed: report.failed.length, first: report.failed[0] },
        'firestore: some documents were not written',
      );
    }
    return report;
  }

  private query(db: Firestore, collection: string, opts: ListOptions): FirebaseFirestore.Query {
    pathSegments(collection, 'collection');
    let query: FirebaseFirestore.Query = db.collection(collection);
    for (const [field, value] of Object.entries(opts.where ?? {})) query = query.where(field, '==', value);
    if (opts.idFrom !== undefined) query = query.where(FieldPath.documentId(), '>=', opts.idFrom);
    if (opts.idBefore !== undefined) query = query.where(FieldPath.documentId(), '<', opts.idBefore);
    return query;
  }

  async list(collection: string, opts: ListOptions = {}): Promise<StoredDoc[]> {
    let query = this.query(this.db, collection, opts);
    // Top-level fields only: FieldPath keeps a name containing '.' one field, as in the file store.
    if (opts.fields) query = query.select(...opts.fields.map((f) => new FieldPath(f)));
    try {
      const snap = await query.get();
      return snap.docs.map((d) => ({ id: d.id, path: d.ref.path, data: fromFirestoreValue(d.data()) as DocData }));
    } catch (err) {
      throw new StoreError(collection, `list failed: ${message(err)}`);
    }
  }

  async publish(docs: DocWrite[]): Promise<void> {
    if (docs.length === 0) return;
    checkPublishSet(docs);
    const batch = this.db.batch();
    for (const d of docs)
      batch.set(this.doc(d.path), toFirestoreValue(d.data) as DocumentData, this.setOptions(d.data, d.merge === true));
    try {
      await batch.commit();
    } catch (err) {
      throw new StoreError(docs[0]!.path, `publish of ${docs.length} documents failed, none written: ${message(err)}`);
    }
  }

  async transaction<T>(
    path: string,
    fn: (current: DocData | undefined) => TxResult<T> | Promise<TxResult<T>>,
  ): Promise<T> {
    const ref = this.doc(path);
    try {
      return await this.db.runTransaction(
        async (tx) => {
          const snap = await tx.get(ref);
          const current = snap.exists ? (fromFirestoreValue(snap.data()) as DocData) : undefined;
          const { write, result } = await fn(current);
          if (write) {
            checkDocument(path, write);
            tx.set(ref, toFirestoreValue(write) as DocumentData);
          }
          return result;
        },
        { maxAttempts: 20 },
      );
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError(path, `transaction failed: ${message(err)}`);
    }
  }

  async delete(path: string): Promise<void> {
    try {
      await this.doc(path).delete();
    } catch (err) {
      throw new StoreError(path, `delete failed: ${message(err)}`);
    }
  }

  async deleteMany(paths: readonly string[]): Promise<DeleteReport> {
    const started = Date.now();
    const report: DeleteReport = { deleted: 0, failed: [], ms: 0 };
    const writer = this.db.bulkWriter(this.emulator ? { throttling: false } : {});
    writer.onWriteError(
      (err: FirebaseFirestore.BulkWriterError) => TRANSIENT.has(err.code) && err.failedAttempts < this.maxWriteAttempts,
    );
    const pending: Promise<void>[] = [];
    for (const path of paths) {
      let ref: DocumentReference;
      try {
        ref = this.doc(path);
      } catch (err) {
        report.failed.push({ path, error: message(err) });
        continue;
      }
      pending.push(
        writer.delete(ref).then(
          () => void (report.deleted += 1),
          (err: unknown) => void report.failed.push({ path, error: `delete failed: ${message(err)}` }),
        ),
      );
    }
    try {
      await writer.close();
    } finally {
      await Promise.all(pending);
    }
    report.ms = Date.now() - started;
    return report;
  }

  async count(collection: string, where?: ListOptions['where']): Promise<number> {
    try {
      const snap = await this.query(this.db, collection, { where }).count().get();
      return snap.data().count;
    } catch (err) {
      throw new StoreError(collection, `count failed: ${message(err)}`);
    }
  }

  async exportDocs(collection: string, opts: Omit<ListOptions, 'fields'> = {}): Promise<TypedDoc[]> {
    try {
      const snap = await this.query(this.typedDb(), collection, opts).get();
      return snap.docs.map((d) => ({ path: d.ref.path, fields: typedFields(d.data(), sdkTyped) }));
    } catch (err) {
      throw new StoreError(collection, `export failed: ${message(err)}`);
    }
  }

  async exportDoc(path: string): Promise<TypedDoc | undefined> {
    pathSegments(path, 'document');
    try {
      const snap = await this.typedDb().doc(path).get();
      return snap.exists ? { path, fields: typedFields(snap.data()!, sdkTyped) } : undefined;
    } catch (err) {
      throw new StoreError(path, `export failed: ${message(err)}`);
    }
  }

  async importDocs(docs: readonly TypedDoc[]): Promise<WriteReport> {
    const writes: DocWrite[] = [];
    const failed: WriteReport['failed'] = [];
    for (const d of docs) {
      try {
        writes.push({ path: d.path, data: dataOf(d.fields) });
      } catch (err) {
        failed.push({ path: d.path, error: message(err) });
      }
    }
    const report = await this.writeMany(writes);
    return { ...report, failed: [...failed, ...report.failed] };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.terminate();
      if (this.typed) await this.typed.db.terminate();
    } finally {
      await deleteApp(this.app);
      if (this.typed) await deleteApp(this.typed.app);
    }
  }

  private setOptions(data: DocData, merge: boolean): SetOptions {
    return merge ? { mergeFields: mergeFieldPaths(data) } : {};
  }
}
