// Write containment (issue #20): a command writing into a repository, an output directory or the
// working directory never follows a symbolic link out of it. Each case plants a link to a folder
// outside, expects exit 2 naming the path, and checks that nothing landed outside and nothing
// was half written.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Files = Record<string, string | Buffer | 'fifo' | { link: string }>;
type Add = (name: string, files: Files, argv: string[], exit: number[], stderr: RegExp, more?: { inDir?: boolean; after?: () => string[] }) => void;

const manifest = JSON.stringify({ name: 'p', version: '1.0.0', dependencies: { a: '1.0.0' } });
const lock = JSON.stringify({ name: 'p', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'p', version: '1.0.0', dependencies: { a: '1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } });
const result = JSON.stringify({ date: '2025-01-01', repo: { name: 'github.com/o/r', commit: 'a'.repeat(40) }, score: 5, checks: [] });

/** Adds the containment cases; each gets its own `<name>.outside` folder that must stay empty. */
export function containmentCases(dir: string, add: Add): void {
  const outside = (name: string): string => {
    const path = join(dir, `${name}.outside`);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const stays = (path: string, ...absent: string[]) => (): string[] => [
    ...(readdirSync(path).length > 0 ? [`wrote outside: ${readdirSync(path).join(', ')} in ${path}`] : []),
    ...absent.filter((file) => existsSync(file)).map((file) => `half done: ${file} was written`),
  ];
  const refused = /refusing to write outside/;

  let out = outside('contain-inventory-output');
  add('contain-inventory-output', { 'proj/package.json': manifest, 'proj/package-lock.json': lock, out: { link: out } }, ['inventory', 'proj', '--output', 'out/sbom.json'], [2], /out\/sbom\.json.*refusing to write outside/s, { inDir: true, after: stays(out) });

  out = outside('contain-monitor-database');
  add(
    'contain-monitor-database',
    { 'scope.json': JSON.stringify({ 'github.com': { o: { included: ['r'], excluded: [] } } }), 'results.json': result, data: { link: out } },
    ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--scope', 'scope.json', '--database', 'data/database.json', '--report', 'report.md'],
    [2],
    /data\/database\.json.*refusing to write outside/s,
    { inDir: true, after: stays(out, join(dir, 'contain-monitor-database', 'report.md')) },
  );

  out = outside('contain-monitor-report-link');
  add(
    'contain-monitor-report-link',
    { 'scope.json': JSON.stringify({ 'github.com': { o: { included: ['r'], excluded: [] } } }), 'results.json': result, 'report.md': { link: join(out, 'report.md') } },
    ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--scope', 'scope.json', '--database', 'database.json', '--report', 'report.md'],
    [2],
    /report\.md.*refusing to write outside/s,
    { inDir: true, after: stays(out, join(dir, 'contain-monitor-report-link', 'database.json')) },
  );

  out = outside('contain-integrity-manifest');
  add('contain-integrity-manifest', { 'app/package.json': manifest, 'app/index.js': 'module.exports = 1;\n', 'app/vigil-integrity.json': { link: join(out, 'm.json') } }, ['integrity', 'generate', '--root', '{dir}/app'], [2], refused, { after: stays(out) });

  out = outside('contain-harden-github');
  add('contain-harden-github', { 'repo/package.json': manifest, 'repo/.github': { link: out } }, ['harden', '{dir}/repo', '--apply', '--only', 'update-tool'], [2], /dependabot\.yml.*refusing to write outside/s, { after: stays(out) });

  out = outside('contain-triage-default');
  add(
    'contain-triage-default',
    { 'wg/deps/1.json': JSON.stringify({ cve: ['CVE-2024-0001'], overview: 'the code is not built into Node.js', reason: 'vulnerable_code_not_present' }), '.vigil': { link: out } },
    ['triage', 'import-wg', 'wg/deps'],
    [2],
    /triage\.yaml.*refusing to write outside/s,
    { inDir: true, after: stays(out) },
  );

  // monitor run validates results before any write: nothing in the store, database or report.
  const scope = JSON.stringify({ 'github.com': { o: { included: ['r'], excluded: [] } } });
  const bad: Record<string, unknown> = {
    'html-name': { date: '2025-01-01', repo: { name: 'github.com/<img src=x onerror=alert(1)>/repo1', commit: 'a'.repeat(40) }, score: 5, checks: [] },
    'bad-commit': { date: '2025-01-01', repo: { name: 'github.com/o/r', commit: 'not a sha' }, score: 5, checks: [] },
    'bad-date': { date: 'yesterday', repo: { name: 'github.com/o/r', commit: 'a'.repeat(40) }, score: 5, checks: [] },
    'score-out-of-range': { date: '2025-01-01', repo: { name: 'github.com/o/r', commit: 'a'.repeat(40) }, score: 11, checks: [] },
  };
  for (const [name, value] of Object.entries(bad)) {
    const folder = join(dir, `monitor-results-${name}`);
    add(`monitor-results-${name}`, { 'scope.json': scope, 'results.json': JSON.stringify(value) }, ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--scope', 'scope.json', '--database', 'database.json', '--report', 'report.md'], [2], /results\.json: result 1/, {
      inDir: true,
      after: () => ['database.json', 'report.md'].filter((file) => existsSync(join(folder, file))).map((file) => `half done: ${file} was written`),
    });
  }
  // 1e999 parses as Infinity, which JSON.stringify would store as null.
  add('monitor-results-infinite-score', { 'scope.json': scope, 'results.json': `{"date":"2025-01-01","repo":{"name":"github.com/o/r","commit":"${'a'.repeat(40)}"},"score":1e999,"checks":[]}` }, ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--scope', 'scope.json', '--database', 'database.json', '--report', 'report.md'], [2], /results\.json: result 1.*score/s, {
    inDir: true,
    after: () => (existsSync(join(dir, 'monitor-results-infinite-score', 'database.json')) ? ['half done: database.json was written'] : []),
  });
}
