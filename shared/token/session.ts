/**
 * One TIX.id client wired to one token manager: the client asks the manager for logged-in access
 * tokens (and for one renewal on a 401), the manager refreshes through the client. Every command
 * that reads seat maps opens its session here, so the wiring exists once.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { createTixClient, type TixClient } from '../tix/client.js';
import { createTokenManager, type TokenManager } from './manager.js';

export interface TixSession {
  client: TixClient;
  tokens: TokenManager;
  /** Release the client's connections. */
  close(): void;
}

export async function openTixSession(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
}): Promise<TixSession> {
  const { config, store, clock, log } = deps;
  const holder: { manager?: TokenManager } = {};
  const ready = (): TokenManager => {
    if (!holder.manager) throw new Error('token manager used before the session was opened');
    return holder.manager;
  };
  const client = createTixClient({
    config,
    log,
    clock,
    tokens: {
      getAccessToken: () => ready().getAccessToken(),
      onUnauthorized: (token) => ready().onUnauthorized(token),
    },
  });
  const manager = await createTokenManager({ config, store, client, log, clock });
  holder.manager = manager;
  return { client, tokens: manager, close: () => client.close() };
}
