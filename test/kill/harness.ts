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

/**
 * Run `vigil <argv>` and SIGKILL it `afterMs` after the spawn, or as soon as `when()` answers true
 * (polled every turn of the event loop), whichever comes first.
 */
export async function runAndKill(target: KillTarget, argv: string[], options: { afterMs?: number; when?: () => boolean }): Promise<KillResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [target.cli, ...argv], { cwd: target.cwd, env: target.env, stdio: 'ignore' });
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
  return { killed: signal === 'SIGKILL', code, ms: performance.now() - started };
}

/** Run `vigil <argv>` to the end. */
export function runToEnd(target: KillTarget, argv: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [target.cli, ...argv], { cwd: target.cwd, env: target.env, encoding: 'utf8' });
}

/** `count` random moments in [fromMs, toMs), sorted: when to kill. */
export function randomMoments(count: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: count }, () => fromMs + Math.random() * (toMs - fromMs)).sort((a, b) => a - b);
}

/** The atomic writers' temporaries (`.<name>.<pid>-<hex>.tmp`) in `dir`. */
export function temporaries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));
}
