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

/**
 * Replace `target` with the contents of `source`: copy beside it, then swap by rename, so an
 * interrupted run leaves either the old directory or the new one, never a mix.
 */
export async function replaceDirectory(target: string, source: string): Promise<void> {
  const staging = `${target}.vigil-new`;
  const previous = `${target}.vigil-old`;
  await rm(staging, { recursive: true, force: true });
  await rm(previous, { recursive: true, force: true });
  await mkdir(dirname(target), { recursive: true });
  await cp(source, staging, { recursive: true, verbatimSymlinks: true });
  const exists = await stat(target).then(() => true, () => false);
  if (exists) await rename(target, previous);
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
