/**
 * A loopback fake of the GitHub REST calls scripts/alert.ts makes: list open issues, create an
 * issue, comment, edit (body, state). It keeps issues and comments in memory, records every call,
 * and refuses a request without the expected bearer token.
 *
 * It also serves releases as `npm run dataset -- pull` reads them: the list (paged), and an asset's
 * download (`Accept: application/octet-stream` on the asset's API URL answers with a redirect to
 * the file, as GitHub does; the file itself needs no token, like GitHub's storage host).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  comments: string[];
  pull_request?: unknown;
}

export interface FakeAsset {
  name: string;
  data: Buffer;
  /** Give the asset's `digest` (sha256:…) as GitHub does for new uploads (default true). */
  digest?: boolean;
  /** Serve these bytes instead of `data` (a damaged download). */
  served?: Buffer;
}

export interface FakeRelease {
  tag_name: string;
  assets: FakeAsset[];
}

export interface FakeGitHub {
  url: string;
  issues: FakeIssue[];
  releases: FakeRelease[];
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeGitHub(repository: string, token: string): Promise<FakeGitHub> {
  const issues: FakeIssue[] = [];
  const releases: FakeRelease[] = [];
  const calls: string[] = [];
  let base = '';
  const assetAt = (id: number) => releases[Math.floor(id / 1000) - 1]?.assets[(id % 1000) - 1];
  const prefix = `/repos/${repository}/issues`;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      calls.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const download = /^\/download\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && download) {
        const asset = assetAt(Number(download[1]));
        if (!asset) return send(404, { message: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(asset.served ?? asset.data);
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && url.pathname === `/repos/${repository}/releases`) {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const view = releases.map((r, ri) => ({
          tag_name: r.tag_name,
          assets: r.assets.map((a, ai) => {
            const id = (ri + 1) * 1000 + ai + 1;
            const digest = a.digest === false ? null : `sha256:${createHash('sha256').update(a.data).digest('hex')}`;
            return {
              id,
              name: a.name,
              size: a.data.length,
              digest,
              url: `${base}/repos/${repository}/releases/assets/${id}`,
            };
          }),
        }));
        return send(200, view.slice((page - 1) * per, page * per));
      }
      const assetApi = new RegExp(`^/repos/${repository}/releases/assets/(\\d+)$`).exec(url.pathname);
      if (req.method === 'GET' && assetApi) {
        if (req.headers.accept !== 'application/octet-stream')
          return send(415, { message: 'ask for application/octet-stream' });
        res.writeHead(302, { location: `${base}/download/${assetApi[1]}` });
        return res.end();
      }
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const view = (i: FakeIssue) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state,
        ...(i.pull_request ? { pull_request: i.pull_request } : {}),
      });
      if (req.method === 'GET' && url.pathname === prefix) {
        const state = url.searchParams.get('state') ?? 'open';
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const list = issues.filter((i) => state === 'all' || i.state === state).reverse();
        return send(200, list.slice((page - 1) * per, page * per).map(view));
      }
      if (req.method === 'POST' && url.pathname === prefix) {
        const issue: FakeIssue = {
          number: issues.length + 1,
          title: String(body.title),
          body: String(body.body ?? ''),
          state: 'open',
          comments: [],
        };
        issues.push(issue);
        return send(201, view(issue));
      }
      const m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)(\/comments)?$/.exec(url.pathname);
      const issue = m ? issues.find((i) => i.number === Number(m[1])) : undefined;
      if (!issue) return send(404, { message: 'Not Found' });
      if (req.method === 'POST' && m![2]) {
        issue.comments.push(String(body.body));
        return send(201, { id: issue.comments.length, body: body.body });
      }
      if (req.method === 'PATCH' && !m![2]) {
        if (typeof body.body === 'string') issue.body = body.body;
        if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
        if (typeof body.state_reason === 'string') issue.state_reason = body.state_reason;
        return send(200, view(issue));
      }
      return send(405, { message: 'not in the fake' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    issues,
    releases,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
