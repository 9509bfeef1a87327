// `node --import tsx --import ./tests/helpers/no-heavy-imports.mjs FILE`: any import of
// firebase-admin, Playwright or the store/client modules fails the process, with the name on stderr.
// tests/cli.test.ts runs --help and configuration errors this way: they must not load them.
import { register } from 'node:module';

register('./no-heavy-hooks.mjs', import.meta.url);
