/** A bad environment variable: `VARIABLE: what it expects`. Light (no zod), so entry points can use it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`${variable}: ${expected}`);
    this.name = 'ConfigError';
  }
}
