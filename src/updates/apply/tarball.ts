import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssri from 'ssri';
import * as tar from 'tar';
import { InputError } from '../../errors.js';
import { tarExpansionProblem } from './archive.js';
import { download, type DownloadOptions } from './download.js';

/** A tarball as the registry describes it: where, and the hashes it must have. */
export interface TarballRef {
  url: string;
  integrity: string | undefined;
  shasum: string | undefined;
}

/**
 * Check downloaded bytes against the registry's Subresource Integrity (sha512) or, for old
 * packages without one, its sha1 shasum. No hash at all is a refusal: nothing unverified is written.
 */
export function verifyTarball(data: Buffer, ref: TarballRef): void {
  if (ref.integrity) {
    if (!ssri.checkData(data, ref.integrity)) {
      const actual = ssri.fromData(data, { algorithms: ['sha512'] }).toString();
      throw new InputError(`${ref.url}: integrity mismatch — the registry says ${ref.integrity}, the download is ${actual}; nothing was written`);
    }
    return;
  }
  if (ref.shasum) {
    const actual = createHash('sha1').update(data).digest('hex');
    if (actual !== ref.shasum) throw new InputError(`${ref.url}: sha1 mismatch — the registry says ${ref.shasum}, the download is ${actual}; nothing was written`);
    return;
  }
  throw new InputError(`${ref.url}: the registry publishes no integrity hash for this tarball; refusing to write an unverified package`);
}

/** Download and verify a tarball (the HTTP client retries; a failure throws, never half-writes). */
export async function downloadTarball(ref: TarballRef, options: DownloadOptions): Promise<Buffer> {
  const data = await download(ref.url, options);
  verifyTarball(data, ref);
  return data;
}

/**
 * Unpack an npm tarball (its files under `package/`) into a fresh temporary directory. Links are
 * skipped and paths stay inside the directory (tar's own guards), so a hostile tarball cannot
 * write elsewhere.
 */
export async function unpackNpmTarball(data: Buffer): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'vigil-tarball-'));
  const file = join(work, 'package.tgz');
  await writeFile(file, data);
  const into = join(work, 'out');
  await mkdir(into);
  // A gzip bomb (issue #20): sizes are summed from the headers before anything is written, and
  // past the bound every further entry is skipped and the whole unpack refused.
  let expanded = 0;
  let bomb: string | undefined;
  const extracted = tar.x({
    file,
    cwd: into,
    strip: 1,
    filter: (_path, entry) => {
      if (bomb) return false;
      expanded += 'size' in entry ? (entry.size ?? 0) : 0;
      bomb = tarExpansionProblem(expanded, data.length);
      return !bomb && (!('type' in entry) || (entry.type !== 'SymbolicLink' && entry.type !== 'Link'));
    },
  });
  // tar's own guard (a ratio of 1000 in the gzip stream) throws a plain Error: the same refusal.
  await extracted.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (!/decompression ratio/.test(message)) throw error;
    bomb ??= `its gzip stream expands past tar's bound (${message}): a compression bomb`;
  });
  await rm(file);
  if (bomb) {
    await rm(work, { recursive: true, force: true });
    throw new InputError(`the package tarball is refused: ${bomb}; nothing was written`);
  }
  if ((await readdir(into)).length === 0) throw new InputError(`the tarball has no files under package/`);
  return into;
}
