/**
 * The HTTP transport of the TIX.id client and the geocoders: `node:http`/`node:https` with a
 * keep-alive agent sized for the concurrency limit. Measured against Node 20's global fetch (undici) on the simulator, it is
 * faster per request and needs no extra dependency to size its connection pool (see README,
 * "TIX.id client"). One function: send a request, get status, headers and the whole body, or a
 * `TransportError` (TIMEOUT / NETWORK) — never a half-read body.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export class TransportError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface NodeTransport {
  send: Transport;
  /** Close idle keep-alive sockets so the process can exit. */
  close(): void;
}

/** A transport over node:http(s) keeping up to `maxSockets` connections per host alive. */
export function createNodeTransport(maxSockets: number): NodeTransport {
  const opts = {
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    keepAliveMsecs: 10_000,
    scheduling: 'lifo' as const,
  };
  const agents = { http: new http.Agent(opts), https: new https.Agent(opts) };

  const send: Transport = (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        reject(new TransportError('NETWORK', `invalid URL ${req.url}`));
        return;
      }
      const isHttps = url.protocol === 'https:';
      const mod = isHttps ? https : http;
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      let settled = false;
      const fail = (err: TransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      };
      const r = mod.request(
        url,
        { method: req.method, headers, agent: isHttps ? agents.https : agents.http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (e) => fail(new TransportError('NETWORK', `response aborted: ${e.message}`)));
          res.on('aborted', () => fail(new TransportError('NETWORK', 'response aborted')));
        },
      );
      const timer = setTimeout(() => {
        fail(new TransportError('TIMEOUT', `no complete answer within ${req.timeoutMs} ms`));
        r.destroy();
      }, req.timeoutMs);
      r.on('error', (e: NodeJS.ErrnoException) =>
        fail(new TransportError('NETWORK', e.code ? `${e.code}: ${e.message}` : e.message)),
      );
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });

  return {
    send,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
