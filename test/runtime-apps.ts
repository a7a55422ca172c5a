// Tiny applications generated in temporary directories for the runtime area's tests: real Node
// processes run them under policies and manifests.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanUp, materialise, type RunPlan } from '../src/runtime/run.js';

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
    return spawnSync(plan.executable, plan.args, { cwd, env: plan.env, encoding: 'utf8', timeout: 30_000 });
  } finally {
    cleanUp(plan);
  }
}
