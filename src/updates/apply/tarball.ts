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
 * Unpack an npm tarball (its files under `package/`) into a fresh temporary directory, answered
 * with `dispose` to remove it (the caller does, once the files are committed). Links are skipped
 * and paths stay inside the directory (tar's own guards), so a hostile tarball cannot write
 * elsewhere. A bomb, a cut or corrupt tarball is an InputError, and then nothing is left behind.
 */
export async function unpackNpmTarball(data: Buffer): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'vigil-tarball-'));
  const dispose = () => rm(work, { recursive: true, force: true });
  try {
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
    // tar's own guard (a ratio of 1000 in the gzip stream: zeros after the last entry) throws a
    // plain Error: the same refusal. Any other failure is a cut or corrupt tarball.
    const failure = await extracted.then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error)));
    if (failure && /decompression ratio/.test(failure)) bomb ??= `its gzip stream expands past tar's bound (${failure}): a compression bomb`;
    if (bomb) throw new InputError(`the package tarball is refused: ${bomb}; nothing was written`);
    if (failure) throw new InputError(`the package tarball is not a complete tar.gz archive (${failure}); nothing was written`);
    await rm(file);
    if ((await readdir(into)).length === 0) throw new InputError('the tarball has no files under package/; nothing was written');
    return { dir: into, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
