// Hostile servers and compressed bombs (issue #20), as corpus cases: networked commands pointed at
// a local server that echoes the request back or redirects to another origin, with a GitHub token
// and an NVD key planted in the environment; the corpus test greps every output and every file
// the run left for them. Bombs: several inputs in one `db import`, the bomb refused, the rest kept.
import { gzipSync } from 'node:zlib';
import { fixture } from '../fixtures.js';

type Files = Record<string, string | Buffer | 'fifo' | { link: string }>;
type Add = (name: string, files: Files, argv: string[], exit: number[], stderr: RegExp, more?: { inDir?: boolean; env?: Record<string, string> }) => void;

/** Planted in the environment of every network case; none may appear in any output or file. */
export const PLANTED = { GITHUB_TOKEN: 'ghp_corpusPlantedToken0123456789abcdefABCD', VIGIL_NVD_API_KEY: 'corpus-planted-nvd-key-5f1e2d3c', NVD_API_KEY: 'corpus-planted-nvd-key-5f1e2d3c' };

const osv = (id: string) => JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'x' }, versions: ['1.0.0'] }] });

/** `servers`: a URL per hostile mode (test/hostile-servers.ts), started by the corpus test. */
export function networkCases(add: Add, servers: Record<'echo' | 'redirect-other-origin' | 'status-401' | 'garbage' | 'html', string>): void {
  const project = {
    'proj/package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { undici: '^5.0.0' } }),
    'proj/package-lock.json': JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0', dependencies: { undici: '^5.0.0' } }, 'node_modules/undici': { version: '5.28.4' } } }),
  };
  for (const [mode, url] of Object.entries(servers)) {
    const host = /127\.0\.0\.1:\d+/;
    add(`net-updates-registry-${mode}`, project, ['updates', '{dir}/proj', '--registry', url, '--no-cache'], [2], host, { env: { ...PLANTED, XDG_CACHE_HOME: '{tmp}' } });
    // The release lookup (GitHub API) and the archive mirror both hostile: no token may follow.
    add(`net-updates-apply-mirror-${mode}`, {}, ['updates', 'apply', 'c-ares', '--root', fixture('node-tree'), '--mirror', url, '--registry', url, '--no-cache'], [2], host, {
      env: { ...PLANTED, VIGIL_GITHUB_API_URL: url, VIGIL_NPM_REGISTRY: url, XDG_CACHE_HOME: '{tmp}' },
    });
  }
  // Bombs among honest inputs: each bomb is refused with a message, the honest files imported.
  const zeros = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 0x20);
  add('import-gzip-bomb-among-good', { 'a.json': osv('GHSA-aaaa-aaaa-aaaa'), 'nvd.json.gz': gzipSync(zeros(100), { level: 9 }), 'b.json.gz': gzipSync(osv('GHSA-bbbb-bbbb-bbbb')) }, ['db', 'import', '{dir}/a.json', '{dir}/nvd.json.gz', '{dir}/b.json.gz', '--db', '{tmp}/s.db'], [2], /nvd\.json\.gz.*bomb.*refused 1 of 3 inputs: \S*nvd\.json\.gz; the others were imported.*a\.json: 1 records.*b\.json\.gz: 1 records/s);
  add('import-gzip-bomb-concatenated-members', { 'x.json.gz': Buffer.concat(Array.from({ length: 8 }, () => gzipSync(zeros(16), { level: 9 }))) }, ['db', 'import', '{dir}/x.json.gz', '--db', '{tmp}/s.db'], [1, 2], /x\.json\.gz.*bomb/s);
}
