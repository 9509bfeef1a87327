/**
 * A loopback fake of the GitHub REST calls scripts/alert.ts makes: list open issues, create an
 * issue, comment, edit (body, state). It keeps issues and comments in memory, records every call,
 * and refuses a request without the expected bearer token.
 */
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

export interface FakeGitHub {
  url: string;
  issues: FakeIssue[];
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeGitHub(repository: string, token: string): Promise<FakeGitHub> {
  const issues: FakeIssue[] = [];
  const calls: string[] = [];
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
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const view = (i: FakeIssue) => ({ number: i.number, title: i.title, body: i.body, state: i.state, ...(i.pull_request ? { pull_request: i.pull_request } : {}) });
      if (req.method === 'GET' && url.pathname === prefix) {
        const state = url.searchParams.get('state') ?? 'open';
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const list = issues.filter((i) => state === 'all' || i.state === state).reverse();
        return send(200, list.slice((page - 1) * per, page * per).map(view));
      }
      if (req.method === 'POST' && url.pathname === prefix) {
        const issue: FakeIssue = { number: issues.length + 1, title: String(body.title), body: String(body.body ?? ''), state: 'open', comments: [] };
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
  return {
    url: `http://127.0.0.1:${port}`,
    issues,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
