import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, release } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** How long a probe answer is reused: a machine that changes its namespace settings is asked again within the hour. */
export const PROBE_TTL_MS = 60 * 60 * 1000;

/** The first `program` on PATH, or undefined. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program)).find((path) => existsSync(path));
}

/**
 * A probe's answer, remembered for an hour in `$XDG_CACHE_HOME/vigil/<name>.json`, keyed by the
 * kernel release, uid and the program's path, size and mtime: probing costs a process start on
 * every launch (#18). `valid` checks a cached answer before it is used (a forged file must not
 * choose what runs); an invalid, stale or foreign entry is probed again.
 */
export function cachedProbe<T>(options: { name: string; program: string; env: NodeJS.ProcessEnv; now: number; probe(): T; valid(value: unknown): value is T }): T {
  const file = join(options.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vigil', `${options.name}.json`);
  const stats = statSync(options.program);
  const key = `${release()}\0${process.getuid?.() ?? ''}\0${options.program}\0${stats.size}\0${stats.mtimeMs}`;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; at?: unknown; answer?: unknown };
    const fresh = cached.key === key && typeof cached.at === 'number' && options.now - cached.at >= 0 && options.now - cached.at < PROBE_TTL_MS;
    if (fresh && options.valid(cached.answer)) return cached.answer;
  } catch {
    // not cached yet, or unreadable: probe
  }
  const answer = options.probe();
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify({ key, at: options.now, answer }), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // best effort: the next launch probes again
  }
  return answer;
}
