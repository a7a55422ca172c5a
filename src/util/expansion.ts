import { constants, createReadStream, promises as fsPromises } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { describeFileKind, EXPANSION_LIMITS, inputLimit } from './read-input.js';

/**
 * The one bound on decompression (compression bombs, issue #20), for zip entries and gzip files
 * alike: an entry expands to at most `entryBytes`, to at most what is left of the import's
 * `totalBytes`, and past 1 MB to at most `ratio` times the compressed bytes it came from.
 */
export interface ExpansionLimits {
  entryBytes: number;
  totalBytes: number;
  ratio: number;
}

export const FLOOR_BYTES = 1024 * 1024;

/** The most `compressedBytes` may expand to, with `remaining` bytes left of the total. */
export function expansionBound(compressedBytes: number, remaining: number, limits: ExpansionLimits = EXPANSION_LIMITS): number {
  return Math.max(0, Math.min(limits.entryBytes, remaining, Math.max(FLOOR_BYTES, compressedBytes * limits.ratio)));
}

/** What one import (`vigil db import` of files, folders and archives) may expand to in total. */
export class ExpansionBudget {
  private spent = 0;
  constructor(readonly limits: ExpansionLimits = EXPANSION_LIMITS) {}
  get remaining(): number {
    return Math.max(0, this.limits.totalBytes - this.spent);
  }
  spend(bytes: number): void {
    this.spent += bytes;
  }
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/**
 * Gunzip a file as a stream, checking the bound after every 16 KB of output against the compressed
 * bytes read so far: a gzip of zeros (ratio ~1000:1) is refused after a few MB, whatever its size,
 * instead of being inflated to the per-entry cap first. Concatenated members count together.
 * Only a regular file is read (a FIFO or device is refused, as every input reader does).
 */
export async function gunzipFile(file: string, budget: ExpansionBudget = new ExpansionBudget()): Promise<Buffer> {
  let handle;
  try {
    handle = await fsPromises.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file, cause: error });
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new InputError(`${file} is ${describeFileKind(info)}; a regular file was expected`, { file, code: 'not-regular-file' });
  }
  const limit = inputLimit('feed');
  if (info.size > limit) {
    await handle.close();
    throw new InputError(`${file} is ${mb(info.size)}, over the ${mb(limit)} limit for a feed file`, { file, code: 'input-too-large', hint: 'set VIGIL_MAX_INPUT_MB to a larger number of megabytes if the file is genuine' });
  }
  const source = createReadStream('', { fd: handle, highWaterMark: 16 * 1024 });
  const gunzip = createGunzip({ chunkSize: 16 * 1024 });
  let read = 0;
  let written = 0;
  const chunks: Buffer[] = [];
  source.on('data', (chunk: Buffer | string) => void (read += chunk.length));
  try {
    await new Promise<void>((resolve, reject) => {
      source.on('error', reject);
      gunzip.on('error', reject);
      gunzip.on('data', (chunk: Buffer) => {
        written += chunk.length;
        chunks.push(chunk);
        const bound = expansionBound(read, budget.remaining, budget.limits);
        if (written > bound) {
          const why =
            written > budget.limits.entryBytes ? `past ${mb(budget.limits.entryBytes)}` : written > budget.remaining ? `past what is left of the import's ${mb(budget.limits.totalBytes)} in total` : `over ${budget.limits.ratio}:1 (${mb(written)} from ${read} compressed bytes)`;
          source.destroy();
          gunzip.destroy();
          reject(new InputError(`${file}: expands ${why} (a compression bomb?); refusing it`, { file, code: 'expansion-limit' }));
        }
      });
      gunzip.on('end', resolve);
      source.pipe(gunzip);
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // zlib's "unexpected end of file" is a download or copy cut short: say so.
    const cut = code === 'Z_BUF_ERROR' || /unexpected end of file/.test((error as Error).message);
    throw new InputError(cut ? `${file}: truncated gzip file (${(error as Error).message})` : `${file}: not a valid gzip file: ${(error as Error).message}`, { file, code: 'invalid-gzip', cause: error });
  } finally {
    source.destroy();
  }
  budget.spend(written);
  return Buffer.concat(chunks, written);
}
