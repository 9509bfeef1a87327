/** A logger whose JSON lines land in memory, so a test can search everything that was logged. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../shared/log.js';

export interface CapturedLog {
  log: Logger;
  text(): string;
}

export function captureLog(level = 'debug'): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger({ level, format: 'json', destination }), text: () => chunks.join('') };
}

/** Anything shaped like a JWT. */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./;
