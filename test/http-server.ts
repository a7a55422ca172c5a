import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route sees: the parsed URL, the method, headers, the body and captured path params. */
export interface TestRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  params: Record<string, string>;
}

export interface TestResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
}

export type Handler = (request: TestRequest) => TestResponse | Promise<TestResponse>;

/** A route: `GET /repos/:owner/:repo/issues` style patterns, matched in order. */
export interface Route {
  method: string;
  path: string;
  handler: Handler;
}

export interface TestServer {
  url: string;
  /** Every request received, in order, for assertions on what a client sent. */
  requests: TestRequest[];
  close(): Promise<void>;
}

function compile(path: string): RegExp {
  const pattern = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:(\w+)\*/g, '/(?<$1>.*)').replace(/:(\w+)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern}$`);
}

/**
 * A local HTTP server that answers as a real service does (DESIGN.md: nothing in a test reaches
 * the internet). Unmatched requests get 404 with a JSON message, like GitHub.
 */
export async function startTestServer(routes: Route[]): Promise<TestServer> {
  const compiled = routes.map((route) => ({ ...route, regex: compile(route.path) }));
  const requests: TestRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const request: TestRequest = { method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), params: {} };
        requests.push(request);
        const route = compiled.find((candidate) => candidate.method === request.method && candidate.regex.test(url.pathname));
        let answer: TestResponse;
        try {
          if (!route) answer = { status: 404, body: { message: 'Not Found' } };
          else {
            request.params = Object.fromEntries(Object.entries(route.regex.exec(url.pathname)?.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
            answer = await route.handler(request);
          }
        } catch (error) {
          answer = { status: 500, body: { message: (error as Error).message } };
        }
        const isBinary = Buffer.isBuffer(answer.body) || answer.body instanceof Uint8Array;
        const payload = typeof answer.body === 'string' || isBinary ? (answer.body as string | Uint8Array) : answer.body === undefined ? '' : JSON.stringify(answer.body);
        const headers: Record<string, string> = { ...(typeof answer.body === 'object' && !isBinary && answer.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...answer.headers };
        res.writeHead(answer.status ?? 200, headers);
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
