// kill -9 at chosen moments (issue #20): run the real CLI (transpiled once by buildCli) in a child
// process, SIGKILL it after a delay or when a condition on disk becomes true, and run it again to
// the end. Each kill test states what must hold after each kill (old or new, never between).
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../corpus/build-cli.js';

export interface KillTarget {
  /** The built CLI's entry (from buildCli). */
  cli: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The built CLI, with a fresh HOME and no token: what every kill test runs. */
export async function killTarget(cwd: string): Promise<KillTarget> {
  const home = mkdtempSync(join(tmpdir(), 'vigil-kill-home-'));
  return { cli: await buildCli(), cwd, env: { ...process.env, HOME: home, NO_COLOR: '1', GITHUB_TOKEN: '' } };
}

/** How one killed run ended: `killed` false when it exited on its own first. */
export interface KillResult {
  killed: boolean;
  code: number | null;
  ms: number;
}

/** Is any process of the group `pgid` still running? */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run `vigil <argv>` and SIGKILL it `afterMs` after the spawn, or as soon as `when()` answers true
 * (polled every turn of the event loop), whichever comes first. Only Vigil's own process is
 * killed, as `kill -9 <pid>` does; with `waitForChildren`, the call returns once the children it
 * had started (git) have finished too, so the next run never races a git still holding its lock.
 */
export async function runAndKill(target: KillTarget, argv: string[], options: { afterMs?: number; when?: () => boolean; waitForChildren?: boolean }): Promise<KillResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [target.cli, ...argv], { cwd: target.cwd, env: target.env, stdio: 'ignore', detached: options.waitForChildren === true });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  const timer = options.afterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.afterMs);
  if (options.when) {
    while (!done) {
      if (options.when()) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const { code, signal } = await exited;
  clearTimeout(timer);
  // An orphaned git ends on its own (it was not killed); wait for that event, not for a time.
  if (options.waitForChildren && child.pid !== undefined) while (groupAlive(child.pid)) await new Promise((resolve) => setTimeout(resolve, 5));
  return { killed: signal === 'SIGKILL', code, ms: performance.now() - started };
}

/** Run `vigil <argv>` to the end. */
export function runToEnd(target: KillTarget, argv: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [target.cli, ...argv], { cwd: target.cwd, env: target.env, encoding: 'utf8' });
}

/** Run `vigil <argv>` to the end without blocking this process (for servers it runs itself). */
export async function runToEndAsync(target: KillTarget, argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [target.cli, ...argv], { cwd: target.cwd, env: target.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { status, stdout, stderr };
}

/** `count` random moments in [fromMs, toMs), sorted: when to kill. */
export function randomMoments(count: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: count }, () => fromMs + Math.random() * (toMs - fromMs)).sort((a, b) => a - b);
}

/** The atomic writers' temporaries (`.<name>.<pid>-<hex>.tmp`) in `dir`. */
export function temporaries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));
}
