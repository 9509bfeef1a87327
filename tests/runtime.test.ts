import { describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';

describe('the start-up line', () => {
  it('names store, project, API host, date and limits', async () => {
    const { startupLine } = await import('../shared/runtime.js');
    const config = loadConfig(
      {
        TIX_API_BASE: 'https://api-b2b.tix.id',
        TIX_RPS: '20',
        TIX_CONCURRENCY: '8',
        FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
        FIREBASE_PROJECT_ID: 'demo-x',
      },
      false,
    );
    expect(startupLine(config, new FixedClock('2026-01-18T23:30:00Z'))).toBe(
      'store: firestore project demo-x (emulator 127.0.0.1:8080); API host: api-b2b.tix.id; date: 2026-01-19 (Asia/Jakarta); limits: 20 req/s, 8 concurrent',
    );
  });
});
