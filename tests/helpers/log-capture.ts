/** A logger whose JSON lines land in memory, so a test can search everything that was logged. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../shared/log.js';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

export interface CapturedLog {
  log: Logger;
  /** Everything written, as written. */
  text(): string;
  /** Each non-empty line, unparsed. */
  raw(): string[];
  /** Each non-empty line, parsed. */
  lines(): LogLine[];
}

export function captureLog(level = 'debug'): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const text = () => chunks.join('');
  const raw = () =>
    text()
      .split('\n')
      .filter((l) => l.trim());
  return {
    log: createLogger({ level, format: 'json', destination }),
    text,
    raw,
    lines: () => raw().map((l) => JSON.parse(l) as LogLine),
  };
}

/** Anything shaped like a JWT. */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./;
