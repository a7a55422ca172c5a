import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Scorecard API (`GET /projects/{platform}/{org}/{repo}`) for queue tests and benchmarks: it
 * answers JSON v2 results after `delayMs`, hangs on repositories in `hang` until released, fails
 * with 503 the first `failTimes[repo]` times, answers 404 for `gone`, and records how many
 * requests each repository got and how many overlapped.
 */
export interface FakeScorecardApi {
  url: string;
  requests: Map<string, number>;
  /** The most requests for one repository in flight at once, over every repository. */
  maxOverlap(): number;
  /** Resolves when a request for `repo` arrives. */
  arrived(repo: string): Promise<void>;
  /** Let hanging requests (and future ones) for `repo` answer. */
  release(repo: string): void;
  close(): Promise<void>;
}

export async function startFakeScorecardApi(options: { delayMs?: number; hang?: string[]; failTimes?: Record<string, number>; gone?: string[]; keepAliveMs?: number } = {}): Promise<FakeScorecardApi> {
  const requests = new Map<string, number>();
  const inFlight = new Map<string, number>();
  let overlap = 0;
  const hang = new Set(options.hang ?? []);
  const waiting = new Map<string, (() => void)[]>();
  const arrivals = new Map<string, (() => void)[]>();
  const failures = new Map(Object.entries(options.failTimes ?? {}));
  const server = createServer((request, response) => {
    const match = /^\/projects\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(request.url ?? '');
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    const repo = decodeURIComponent(match[3]!);
    requests.set(repo, (requests.get(repo) ?? 0) + 1);
    inFlight.set(repo, (inFlight.get(repo) ?? 0) + 1);
    overlap = Math.max(overlap, inFlight.get(repo)!);
    for (const resolve of arrivals.get(repo) ?? []) resolve();
    arrivals.delete(repo);
    const answer = (): void => {
      inFlight.set(repo, inFlight.get(repo)! - 1);
      if (response.destroyed) return;
      const left = failures.get(repo) ?? 0;
      if (left > 0) {
        failures.set(repo, left - 1);
        response.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
        return;
      }
      if (options.gone?.includes(repo)) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":404,"message":"not found"}');
        return;
      }
      const score = (repo.length % 10) + 0.5;
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          date: '2026-11-23',
          repo: { name: `github.com/${match[2]}/${repo}`, commit: 'c'.repeat(40) },
          scorecard: { version: 'v5.1.1', commit: 'x' },
          score,
          checks: [
            { name: 'Pinned-Dependencies', score: Math.floor(score), reason: 'dependencies not pinned by hash', details: ['Warn: not pinned by hash: .github/workflows/ci.yml:12'] },
            { name: 'License', score: 10, reason: 'license file detected', details: null },
          ],
        }),
      );
    };
    const go = (): void => void setTimeout(answer, options.delayMs ?? 0);
    if (hang.has(repo)) waiting.set(repo, [...(waiting.get(repo) ?? []), go]);
    else go();
  });
  // Node's default (5 s), as a real API keeps connections open. A hint of 1 s (what this fake used
  // to send) is below undici's safety margin, so fetch closed and reopened a connection for every
  // answer: a TCP set-up and tear-down per scored repository that the real Scorecard API does not
  // cost (docs/BENCHMARKS.md, round 8). `keepAliveMs` keeps the old behaviour measurable.
  server.keepAliveTimeout = options.keepAliveMs ?? 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    maxOverlap: () => overlap,
    arrived: (repo) => (requests.has(repo) ? Promise.resolve() : new Promise((resolve) => arrivals.set(repo, [...(arrivals.get(repo) ?? []), resolve]))),
    release(repo) {
      hang.delete(repo);
      for (const go of waiting.get(repo) ?? []) go();
      waiting.delete(repo);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
