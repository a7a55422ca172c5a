// Scorecard figures (issue #4): local checks on a 40,000-file repository, the ten nodejs
// workflow fixtures in one process, and forge API calls per repository against a local GitHub.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, projectRoot } from '../test/fixtures.js';
import { nodeLikeRepo, startFakeScorecardGitHub } from '../test/fake-github-scorecard.js';
import { createGitHubClient } from '../src/forge/github/client.js';
import { checks, createGitHubForge, createBestPracticesLookup, memoryView, runChecks, scoreRepository } from '../src/scorecard/index.js';
import { printFigure } from './measure.js';

/** A repository of `count` tracked files written straight into git objects (fast-import), no checkout. */
function syntheticRepo(count: number): { dir: string; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scorecard-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const chunks: string[] = [];
  let bytes = 0;
  let mark = 0;
  const files: [string, number][] = [];
  const blob = (content: string): number => {
    mark += 1;
    bytes += Buffer.byteLength(content);
    chunks.push(`blob\nmark :${mark}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    return mark;
  };
  const source = (index: number): string => `// module ${index}\n'use strict';\n${'export function f'.concat(String(index), '(a, b) {\n  return a + b * ', String(index), ';\n}\n').repeat(12)}`;
  for (let index = 0; index < count; index++) {
    const kind = index % 10;
    const folder = `pkg${index % 200}/src${index % 7}`;
    if (kind < 7) files.push([`${folder}/m${index}.js`, blob(source(index))]);
    else if (kind < 9) files.push([`${folder}/doc${index}.md`, blob(`# Doc ${index}\n\n${'Some words about the module. '.repeat(20)}\n`)]);
    else files.push([`${folder}/n${index}.c`, blob(`#include <stdio.h>\nint f${index}(int a) { return a * ${index}; }\n`.repeat(10))]);
  }
  files.push(['LICENSE', blob('MIT License\n')]);
  files.push(['SECURITY.md', blob('Report vulnerabilities to security@example.com; see https://example.com/disclosure within 90 days.\n')]);
  files.push(['.github/dependabot.yml', blob('version: 2\n')]);
  files.push(['.github/workflows/ci.yml', blob('on: push\npermissions: read-all\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n')]);
  const tree = files.map(([path, id]) => `M 100644 :${id} ${path}\n`).join('');
  const commit = `commit refs/heads/main\ncommitter Bench <bench@example.com> 1763856000 +0000\ndata 5\nbench\n${tree}\n`;
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('') + commit, maxBuffer: 1 << 30 });
  return { dir, bytes };
}

/** One size in a fresh child process, so its memory figure is its own. */
function localChecks(count: number): void {
  // Built here, scored in the child: the child's peak memory is the scoring alone.
  const { dir, bytes } = syntheticRepo(count);
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scorecard.ts', '--dir', dir, String(count), String(bytes)], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 24 });
  rmSync(dir, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(child.stderr);
  const figure = JSON.parse(child.stdout) as { wallMs: number; cpuMs: number; rssMb: number; files: number; megabytes: number; filesRead: number; megabytesRead: number; score: number };
  printFigure(`${count} files: all local checks, wall clock`, figure.wallMs, 'ms', count === 40_000 ? 3000 : undefined);
  printFigure(`${count} files: all local checks, Vigil's CPU time`, figure.cpuMs, 'ms', count === 40_000 ? 3000 : undefined);
  printFigure(`${count} files: peak resident memory`, figure.rssMb, 'MB', count === 40_000 ? 300 : undefined);
  console.log(`  ${figure.files} files, ${figure.megabytes.toFixed(1)} MB; read ${figure.filesRead} files, ${figure.megabytesRead.toFixed(1)} MB (each blob once; Binary-Artifacts needs every file's first 1,024 bytes, as in Scorecard); score ${figure.score}`);
}

/** The child's side: score the repository, print one JSON line. */
async function measureDirectory(dir: string, count: number, bytes: number): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await scoreRepository(dir, { now: new Date('2026-11-23T00:00:00Z') });
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, files: count + 4, megabytes: bytes / 1e6, filesRead: result.filesRead, megabytesRead: result.bytesRead / 1e6, score: result.score }));
}

async function workflowFixtures(): Promise<void> {
  const root = fixture('workflows');
  const repos = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const start = performance.now();
  for (const repo of repos) {
    const begin = performance.now();
    const result = await scoreRepository(join(root, repo), { now: new Date('2026-11-23T00:00:00Z') });
    console.log(`  ${repo}: ${(performance.now() - begin).toFixed(0)} ms (score ${result.score})`);
  }
  printFigure(`the ${repos.length} workflow fixtures, one process`, performance.now() - start, 'ms');
}

async function apiCalls(): Promise<void> {
  
  const server = await startFakeScorecardGitHub({ 'nodejs/node': nodeLikeRepo(new Date('2026-11-23T00:00:00Z')) });
  try {
    const api = createGitHubClient({ baseUrl: server.url, token: 'bench', retries: 0 });
    const forge = createGitHubForge({ api, repo: 'nodejs/node', bestPractices: createBestPracticesLookup({ baseUrl: server.url }) });
    const view = memoryView({ LICENSE: 'MIT' }, { name: 'github.com/nodejs/node' });
    await runChecks(view, checks, { now: new Date('2026-11-23T00:00:00Z'), forge }, { name: view.name, commit: null });
    printFigure('forge API calls per repository, every check (Scorecard: ~70)', forge.apiCalls(), 'calls', 70);
  } finally {
    await server.close();
  }
}

const child = process.argv.indexOf('--dir');
if (child > 0) {
  await measureDirectory(process.argv[child + 1] ?? '', Number(process.argv[child + 2]), Number(process.argv[child + 3]));
} else {
  console.log(`load average now: ${loadavg().map((load) => load.toFixed(1)).join(' ')} (2 cores; wall clock suffers when the machine is shared)`);
  localChecks(10_000);
  localChecks(20_000);
  localChecks(40_000);
  await workflowFixtures();
  await apiCalls();
}
