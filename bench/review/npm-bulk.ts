// npm's bulk advisory endpoint (POST /-/npm/v1/security/advisories/bulk), answered from the
// advisory store, so `npm audit` sees exactly the advisories Vigil matches against.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Advisory, AdvisoryLookup, AffectedPackage } from '../../src/advisories/index.js';

/** An OSV affected entry as a node-semver range, the form npm's `vulnerable_versions` takes. */
export function vulnerableVersions(entry: AffectedPackage): string {
  const parts: string[] = [];
  for (const range of entry.ranges ?? []) {
    if (range.type === 'GIT') continue;
    let start: string | null = null;
    let open = false;
    for (const event of range.events) {
      if (event.introduced !== undefined) {
        start = event.introduced === '0' ? '' : `>=${event.introduced}`;
        open = true;
      } else if (open && (event.fixed ?? event.limit) !== undefined) {
        parts.push(`${start} <${event.fixed ?? event.limit}`.trim());
        open = false;
      } else if (open && event.last_affected !== undefined) {
        parts.push(`${start} <=${event.last_affected}`.trim());
        open = false;
      }
    }
    if (open) {
      const bound = entry.database_specific?.last_known_affected_version_range;
      parts.push(`${start} ${typeof bound === 'string' ? bound.replace(/\s+/g, '') : ''}`.trim() || '*');
    }
  }
  for (const version of entry.versions ?? []) parts.push(version);
  return parts.join(' || ') || '<0.0.0-0';
}

/** A stable numeric id per advisory (npm's bulk format uses numbers). */
function numericId(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash;
}

/** One bulk entry per advisory: GitHub sends several ranges of one package as one `||` range. */
function bulkEntry(advisory: Advisory, name: string): object[] {
  const entries = advisory.affected.filter((entry) => entry.package?.ecosystem === 'npm' && entry.package.name === name);
  if (entries.length === 0) return [];
  const severity = String(advisory.database_specific?.severity ?? 'moderate').toLowerCase();
  const vector = advisory.severity.find((entry) => entry.type === 'CVSS_V3')?.score ?? null;
  return [
    {
      id: numericId(advisory.id),
      url: `https://github.com/advisories/${advisory.id}`,
      title: advisory.summary ?? advisory.id,
      severity: severity === 'medium' ? 'moderate' : severity,
      vulnerable_versions: entries.map(vulnerableVersions).join(' || '),
      cwe: (advisory.database_specific?.cwe_ids as string[] | undefined) ?? [],
      cvss: { score: 0, vectorString: vector },
    },
  ];
}

/** Serve the bulk endpoint (gzip bodies, as npm sends them) and minimal packuments. */
export async function startBulkAdvisoryServer(lookup: AdvisoryLookup, packuments: Map<string, string[]>): Promise<{ url: string; bulkRequests: number; close(): Promise<void> }> {
  const state = { bulkRequests: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (request.method === 'POST' && url.pathname === '/-/npm/v1/security/advisories/bulk') {
          state.bulkRequests++;
          const raw = Buffer.concat(chunks);
          const body = JSON.parse((request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) as Record<string, string[]>;
          const names = Object.keys(body);
          const found = await lookup.forPackages(names.map((name) => ({ ecosystem: 'npm', name })));
          const answer: Record<string, object[]> = {};
          for (const name of names) {
            const entries = (found.get(`npm\u0000${name}`) ?? []).flatMap((advisory) => bulkEntry(advisory, name));
            if (entries.length) answer[name] = entries;
          }
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
          return;
        }
        const name = decodeURIComponent(url.pathname.slice(1));
        const versions = packuments.get(name);
        if (request.method === 'GET' && versions) {
          const packument = {
            name,
            'dist-tags': { latest: versions[versions.length - 1] },
            versions: Object.fromEntries(versions.map((version) => [version, { name, version, dist: { tarball: `${url.origin}/${name}/-/${name}-${version}.tgz` } }])),
          };
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(packument));
          return;
        }
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'Not found' }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get bulkRequests() {
      return state.bulkRequests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
