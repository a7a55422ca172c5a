import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local servers that answer as hostile or broken services do (issue #20): every request gets the
 * same kind of answer whatever its path, so any networked command can be pointed at them.
 */
export type HostileMode = 'status-401' | 'status-500' | 'garbage' | 'html' | 'echo' | 'echo-credentials-first' | 'redirect-other-origin' | 'redirect-loop' | 'wrong-shape';

export const HOSTILE_MODES: HostileMode[] = ['status-401', 'status-500', 'garbage', 'html', 'echo', 'echo-credentials-first', 'redirect-other-origin', 'redirect-loop', 'wrong-shape'];

export interface HostileServer {
  url: string;
  mode: HostileMode;
  /** Headers of every request received, to assert what a client sent. */
  received: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** The request written back as JSON and text, headers included: what many proxies and error pages do. */
function echo(req: IncomingMessage): string {
  return JSON.stringify({ message: `you sent ${req.method} ${req.url} with ${JSON.stringify(req.headers)}`, headers: req.headers, url: req.url });
}

/**
 * The credentials the request carried, first, then the request line: an error page this short
 * fits in any excerpt of the body Vigil quotes, so only the redaction stands between it and the
 * output (the long echo's credentials fall past the cut).
 */
function credentialsFirst(req: IncomingMessage): string {
  const sent = ['authorization', 'apikey', 'x-api-key'].map((name) => req.headers[name]).filter(Boolean).join(' ');
  return `${sent} refused for ${req.method} ${req.url}`;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Start a hostile server. `redirect-other-origin` sends every request to a second server on
 * another port (another origin) that echoes what it received, so a leaked credential shows.
 */
export async function startHostileServer(mode: HostileMode): Promise<HostileServer> {
  const received: HostileServer['received'] = [];
  const other = mode === 'redirect-other-origin' ? await listen((req, res) => {
    received.push({ url: `other:${req.url ?? ''}`, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(echo(req));
  }) : undefined;
  const main = await listen((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    switch (mode) {
      case 'status-401':
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(echo(req));
      case 'status-500':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end(echo(req));
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x9c, 0x01, 0x5b, 0x80, 0x81]));
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(`<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body><pre>${echo(req)}</pre></body></html>`);
      case 'echo-credentials-first':
        res.writeHead(401, { 'content-type': 'text/plain' });
        return res.end(credentialsFirst(req));
      case 'echo':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(echo(req));
      case 'wrong-shape':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ data: 'not what you asked for', items: 42, repository: 'nope' }));
      case 'redirect-loop':
        res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
        return res.end();
      case 'redirect-other-origin':
        res.writeHead(302, { location: `${other?.url ?? ''}${req.url ?? '/'}` });
        return res.end();
    }
  });
  return {
    url: main.url,
    mode,
    received,
    close: async () => {
      await main.close();
      await other?.close();
    },
  };
}
