import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { mkdirSync, renameSync, rmSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { redactConfigured } from './redact.js';

/** No file Vigil writes holds a configured secret (a token echoed into a report, a stored error). */
const clean = (data: string | Uint8Array): string | Uint8Array => (typeof data === 'string' ? redactConfigured(data) : data);

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Write a file so that readers see either the old or the new content, never half of it:
 * write a temporary file beside it, fsync, then rename over the target (DESIGN.md).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPath(path);
  try {
    const handle = await open(temporary, 'w', mode);
    try {
      await handle.writeFile(clean(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Synchronous twin of writeFileAtomic, for code paths that are synchronous end to end. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, clean(data), mode === undefined ? undefined : { mode });
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
