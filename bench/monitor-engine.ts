// Issue #5 figure: the ten repositories of ../shared/fixtures/workflows monitored end to end with
// Vigil's own engine (clone, score, record, render), one after another in one process.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../test/fixtures.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { runJob } from '../src/monitor/job.js';
import { engineSource } from '../src/monitor/sources/engine.js';

const root = mkdtempSync(join(tmpdir(), 'vigil-bench-engine-'));
const source = fixture('workflows');
// SOURCES names the ten repositories; one of them (nodejs/Release) has no workflow files, so no folder.
const repos = readFileSync(join(source, 'SOURCES'), 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[0]!.split('/')[1]!);
for (const repo of repos) {
  const target = join(root, 'remote', 'nodejs', repo);
  if (existsSync(join(source, repo))) cpSync(join(source, repo), target, { recursive: true });
  else {
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'README.md'), `# ${repo}\n`);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: target });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
}
const files = { scope: join(root, 'scope.json'), database: join(root, 'database.json'), report: join(root, 'report.md') };
writeFileSync(files.scope, JSON.stringify({ 'github.com': { nodejs: { included: repos, excluded: [] } } }));
const opened = openSqliteStore(join(root, 'vigil.db'));
const store = opened.monitor;
const now = new Date();
const times: string[] = [];
let last = performance.now();
const start = last;
const result = await runJob({
  files,
  store,
  source: engineSource({ directory: join(root, 'clones'), gitBaseUrl: `file://${join(root, 'remote')}`, depth: 100, now }),
  parallelism: 1,
  now,
  onProgress: (_done, _total, outcome) => {
    const at = performance.now();
    times.push(`${outcome.ref.repo} ${(at - last).toFixed(0)} ms${outcome.ok ? ` (score ${outcome.score})` : ` FAILED: ${outcome.error}`}`);
    last = at;
  },
});
const totalMs = performance.now() - start;
await opened.close();
rmSync(root, { recursive: true, force: true });
console.log(`monitor with the local engine: ${repos.length} repositories (clone + score + record + render), one at a time: ${totalMs.toFixed(0)} ms total`);
for (const line of times) console.log(`  ${line}`);
console.log(`  failed: ${result.outcomes.filter((outcome) => !outcome.ok).length}`);
