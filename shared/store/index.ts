/**
 * `createStore(config, log)`: the store the configuration asks for (README "Storage").
 * Firestore when credentials or the emulator are configured, else JSON files under
 * CINERADAR_DATA_DIR. Each store's module is imported only when it is the one asked for, so a
 * file-store run never loads firebase-admin.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from './store.js';

export type { Store } from './store.js';
export { StoreError } from './store.js';

export async function createStore(config: Pick<Config, 'store'>, log?: Logger): Promise<Store> {
  const s = config.store;
  if (s.kind === 'file') {
    log?.debug({ dataDir: s.dataDir }, 'store: files');
    const { FileStore } = await import('./file-store.js');
    return new FileStore({ dataDir: s.dataDir, log });
  }
  log?.debug(
    { projectId: s.projectId, emulator: s.emulatorHost ?? null, preferRest: s.real },
    s.emulatorHost ? 'store: Firestore emulator' : 'store: Firestore',
  );
  const { FirestoreStore } = await import('./firestore-store.js');
  return new FirestoreStore({
    projectId: s.projectId,
    emulatorHost: s.emulatorHost,
    serviceAccount: s.serviceAccount,
    real: s.real,
    log,
  });
}
