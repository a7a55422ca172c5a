import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { EXPANSION_LIMITS } from '../../util/read-input.js';
import { expansionBound, type ExpansionLimits } from '../../util/expansion.js';

/**
 * A streaming zip reader for OSV's per-ecosystem all.zip dumps (PKWARE APPNOTE 6.3.10).
 * yauzl spends ~0.5 ms of event-loop round trips per entry, too slow for the 250,000-entry npm
 * dump; this reads the central directory once and then the file front to back in large blocks.
 * When the central directory is missing (a truncated download), it walks the local headers and
 * recovers every entry before the cut.
 */

/** One file inside the archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A damaged entry or archive; reading goes on where it can. */
export interface ZipProblem {
  /** `archive.zip` or `archive.zip:entry.json`. */
  file: string;
  message: string;
}

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const BLOCK = 4 * 1024 * 1024;

/** Reads byte ranges of a file in ascending order through one large moving window. */
class BlockReader {
  private block = Buffer.alloc(0);
  private start = 0;
  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer | null> {
    if (position + length > this.size) return null;
    if (position < this.start || position + length > this.start + this.block.length) {
      const want = Math.max(BLOCK, length);
      const buffer = Buffer.allocUnsafe(Math.min(want, this.size - position));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
      this.block = buffer.subarray(0, bytesRead);
      this.start = position;
      if (bytesRead < length) return null;
    }
    return this.block.subarray(position - this.start, position - this.start + length);
  }
}

/** Find the end records and list the central directory; null when the archive has none. */
async function centralDirectory(reader: BlockReader, handle: FileHandle): Promise<CentralEntry[] | null> {
  const tailLength = Math.min(reader.size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, reader.size - tailLength);
  let eocd = -1;
  for (let index = tailLength - 22; index >= 0; index--) {
    if (tail.readUInt32LE(index) === EOCD) {
      eocd = index;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = tail.readUInt16LE(eocd + 10);
  let size = tail.readUInt32LE(eocd + 12);
  let offset = tail.readUInt32LE(eocd + 16);
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const recordOffset = Number(tail.readBigUInt64LE(eocd - 12));
    const record = Buffer.alloc(56);
    await handle.read(record, 0, 56, recordOffset);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) return null;
    count = Number(record.readBigUInt64LE(32));
    size = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
  }
  if (offset + size > reader.size) return null;
  const directory = Buffer.alloc(size);
  await handle.read(directory, 0, size, offset);
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let index = 0; index < count && at + 46 <= directory.length; index++) {
    if (directory.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let compressedSize = directory.readUInt32LE(at + 20);
    let uncompressedSize = directory.readUInt32LE(at + 24);
    let localOffset = directory.readUInt32LE(at + 42);
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    // ZIP64 extended information (header id 1): only the fields that overflowed, in this order.
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const length = extra.readUInt16LE(e + 2);
      if (id === 1) {
        let field = e + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = Number(extra.readBigUInt64LE(field));
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(extra.readBigUInt64LE(field));
          field += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(field));
      }
      e += 4 + length;
    }
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize,
      offset: localOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

/**
 * Bounds on expansion (zip bombs), the same as gzip files' (util/expansion.ts): one entry may
 * expand to at most `entryBytes`, and past 1 MB to at most `ratio` times its compressed size; the
 * archive as a whole to `totalBytes`.
 */
export type ZipLimits = ExpansionLimits;

const DEFAULT_LIMITS: ZipLimits = EXPANSION_LIMITS;

class ExpansionError extends Error {}

function decode(entry: CentralEntry, compressed: Buffer, limits: ZipLimits, remaining: number): Buffer {
  if (entry.method === 0) return compressed;
  if (entry.method !== 8) throw new Error(`compression method ${entry.method} is not supported (only stored and deflate)`);
  const bound = expansionBound(compressed.length, remaining, limits);
  try {
    return inflateRawSync(compressed, { maxOutputLength: Math.max(1, bound) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new ExpansionError(`expands past ${(bound / (1024 * 1024)).toFixed(0)} MB from ${compressed.length} bytes (a zip bomb?); entry refused`);
    }
    throw error;
  }
}

/** Read one entry's bytes through its local header (whose extra field may differ from the central one). */
async function entryData(reader: BlockReader, entry: CentralEntry, limits: ZipLimits = DEFAULT_LIMITS, remaining = DEFAULT_LIMITS.totalBytes): Promise<Buffer | string> {
  const header = await reader.read(entry.offset, 30);
  if (!header) return 'cut off: the archive ends inside this entry';
  if (header.readUInt32LE(0) !== LOCAL) return 'no local header where the central directory says';
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = await reader.read(start, entry.compressedSize);
  if (!compressed) return 'cut off: the archive ends inside this entry';
  let data: Buffer;
  try {
    data = decode(entry, Buffer.from(compressed), limits, remaining);
  } catch (error) {
    if (error instanceof ExpansionError) return error.message;
    return `cannot decompress: ${(error as Error).message}`;
  }
  return crc32(data) === entry.crc ? data : 'CRC mismatch: the entry is damaged';
}

/** Walk local headers from the start when there is no central directory to trust. */
async function* recoverEntries(path: string, reader: BlockReader, onProblem: (problem: ZipProblem) => void): AsyncGenerator<ZipEntry> {
  let at = 0;
  let recovered = 0;
  for (;;) {
    const header = await reader.read(at, 30);
    if (!header || header.readUInt32LE(0) !== LOCAL) break;
    const flags = header.readUInt16LE(6);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const nameBytes = await reader.read(at + 30, nameLength);
    if (!nameBytes) break;
    const entry: CentralEntry = { name: nameBytes.toString('utf8'), method: header.readUInt16LE(8), crc: header.readUInt32LE(14), compressedSize: header.readUInt32LE(18), offset: at };
    if (flags & 0x08 && entry.compressedSize === 0) {
      onProblem({ file: path, message: `truncated archive: ${entry.name} was written with a data descriptor, so nothing after it can be recovered` });
      return;
    }
    const data = await entryData(reader, entry);
    if (typeof data === 'string') {
      onProblem({ file: `${path}:${entry.name}`, message: data });
      if (data.startsWith('cut off')) break;
    } else {
      recovered++;
      yield { name: entry.name, data };
    }
    at += 30 + nameLength + extraLength + entry.compressedSize;
  }
  onProblem({ file: path, message: `truncated archive: no central directory; recovered ${recovered} entries before the cut, the rest is lost` });
}

/**
 * Every file entry of a zip (directories skipped), in archive order. Damaged entries and a
 * missing central directory are reported through `onProblem`; everything readable is yielded.
 */
export async function* readZip(path: string, onProblem: (problem: ZipProblem) => void, limits: ZipLimits = DEFAULT_LIMITS): AsyncGenerator<ZipEntry> {
  const handle = await open(path, 'r');
  try {
    const reader = new BlockReader(handle, (await handle.stat()).size);
    const entries = await centralDirectory(reader, handle);
    if (!entries) {
      yield* recoverEntries(path, reader, onProblem);
      return;
    }
    let total = 0;
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      if (total >= limits.totalBytes) {
        onProblem({ file: path, message: `archive expands past ${(limits.totalBytes / (1024 * 1024)).toFixed(0)} MB in total; the remaining entries are refused` });
        return;
      }
      const data = await entryData(reader, entry, limits, limits.totalBytes - total);
      if (typeof data === 'string') onProblem({ file: `${path}:${entry.name}`, message: data });
      else {
        total += data.length;
        yield { name: entry.name, data };
      }
    }
  } finally {
    await handle.close();
  }
}
