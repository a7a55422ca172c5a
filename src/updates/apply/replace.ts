import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Every file under `dir`, relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const exists = await stat(dir).then(() => true, () => false);
  if (!exists) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/**
 * Undo what a killed replaceDirectory left (issue #20): killed between moving the old directory
 * away and moving the new one in, the dependency existed only as `<target>.vigil-old`, and the
 * next run deleted it. The old directory is moved back when the target is missing (the
 * replacement never happened), dropped when the new one is in place, and a half-copied
 * `<target>.vigil-new` is removed. Answers what it did, or undefined when there was nothing.
 */
export async function recoverInterruptedReplace(target: string): Promise<'restored' | 'cleaned' | undefined> {
  const staging = `${target}.vigil-new`;
  const previous = `${target}.vigil-old`;
  let outcome: 'restored' | 'cleaned' | undefined;
  if (await exists(previous)) {
    if (await exists(target)) {
      await rm(previous, { recursive: true, force: true });
      outcome = 'cleaned';
    } else {
      await rename(previous, target);
      outcome = 'restored';
    }
  }
  if (await exists(staging)) {
    await rm(staging, { recursive: true, force: true });
    outcome ??= 'cleaned';
  }
  return outcome;
}

/**
 * Every directory under `root` (to `depth` levels, `.git` skipped) that a killed
 * replaceDirectory left half swapped, as the target paths to recover.
 */
export async function interruptedReplaces(root: string, depth = 4): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === '.git') continue;
      const match = /^(.+)\.vigil-(old|new)$/.exec(entry.name);
      if (match) found.add(join(dir, match[1]!));
      else if (level < depth) await walk(join(dir, entry.name), level + 1);
    }
  };
  await walk(root, 1);
  return [...found].sort();
}

/**
 * Replace `target` with the contents of `source`: copy beside it, then swap by rename, so an
 * interrupted run leaves either the old directory or the new one, never a mix (and the next run
 * puts a moved-away old directory back, see recoverInterruptedReplace).
 */
export async function replaceDirectory(target: string, source: string): Promise<void> {
  const staging = `${target}.vigil-new`;
  const previous = `${target}.vigil-old`;
  await recoverInterruptedReplace(target);
  await mkdir(dirname(target), { recursive: true });
  await cp(source, staging, { recursive: true, verbatimSymlinks: true });
  if (await exists(target)) await rename(target, previous);
  await rename(staging, target);
  await rm(previous, { recursive: true, force: true });
}

/**
 * Point the version string in Node's `src/<dep>_version.h` at the new version: the `#define`
 * line that carries the old version, edited in place (the rest of the file is kept as it is).
 */
export function bumpVersionHeader(text: string, from: string, to: string): { text: string; changed: boolean } {
  let changed = false;
  const next = text.replace(/^(#define\s+\w+\s+)"([^"]*)"/gm, (line, prefix: string, value: string) => {
    if (value !== from) return line;
    changed = true;
    return `${prefix}"${to}"`;
  });
  return { text: next, changed };
}
