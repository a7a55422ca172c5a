import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import { readZip } from '../../formats/zip/read.js';
import type { ImportProblem, InputEntry } from './types.js';
import { InputError } from '../../errors.js';
import { EXPANSION_LIMITS, readInputBytes, readInputText } from '../../util/read-input.js';

/**
 * Gunzip with a bound: a gzip bomb (a few MB expanding to many GB) is refused with a message
 * naming the file instead of exhausting memory (zlib stops at maxOutputLength).
 */
export function boundedGunzip(file: string, compressed: Buffer): string {
  const limit = Math.min(EXPANSION_LIMITS.entryBytes, Math.max(1024 * 1024, compressed.length * EXPANSION_LIMITS.ratio));
  try {
    return gunzipSync(compressed, { maxOutputLength: limit }).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (error instanceof RangeError)) {
      throw new InputError(`${file}: expands past ${Math.round(limit / (1024 * 1024))} MB (a compression bomb?); refusing it`, { file, code: 'expansion-limit' });
    }
    // zlib's "unexpected end of file" is a download or copy cut short: say so.
    const cut = code === 'Z_BUF_ERROR' || /unexpected end of file/.test((error as Error).message);
    throw new InputError(cut ? `${file}: truncated gzip file (${(error as Error).message})` : `${file}: not a valid gzip file: ${(error as Error).message}`, { file, code: 'invalid-gzip', cause: error });
  }
}

/** Every `.json`, `.json.gz` and `.zip` file under a directory, depth first, in a stable (sorted) order. */
export async function* walkJsonFiles(dir: string): AsyncGenerator<string> {
  const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walkJsonFiles(path);
    else if (entry.isFile() && /\.(json|json\.gz|zip)$/.test(entry.name)) yield path;
  }
}

async function streamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Is this file a zip archive? By its signature, not its name. */
export async function isZip(path: string): Promise<boolean> {
  const stream = createReadStream(path, { start: 0, end: 3 });
  const head = Buffer.from(await streamText(stream), 'latin1');
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

/**
 * The `.json` entries of a zip (OSV's per-ecosystem all.zip), one at a time. Damaged entries and
 * a truncated archive are reported; every entry that can be read still comes through.
 */
export async function* zipEntries(path: string, onProblem: (problem: ImportProblem) => void): AsyncGenerator<InputEntry> {
  for await (const entry of readZip(path, onProblem)) {
    if (!entry.name.endsWith('.json')) continue;
    const text = entry.data.toString('utf8');
    yield { name: `${path}:${entry.name}`, text: async () => text };
  }
}

/** A file, a directory (every `.json` under it) or a zip, as a stream of JSON documents. */
export async function* inputEntries(path: string, onProblem: (problem: ImportProblem) => void): AsyncGenerator<InputEntry> {
  if (path.endsWith('.json')) {
    // The common case (a GitHub advisory-database checkout has ~250,000): no extra stat or sniff.
    yield { name: path, text: () => readInputText(path, { kind: 'advisory' }) };
    return;
  }
  const info = await stat(path);
  if (info.isDirectory()) {
    for await (const file of walkJsonFiles(path)) {
      yield* inputEntries(file, onProblem);
    }
  } else if (path.endsWith('.gz')) {
    // NVD publishes its 2.0 feeds gzipped (nvdcve-2.0-2024.json.gz).
    yield { name: path, text: async () => boundedGunzip(path, await readInputBytes(path, { kind: 'feed' })) };
  } else if (await isZip(path)) {
    yield* zipEntries(path, onProblem);
  } else if (path.endsWith('.zip')) {
    onProblem({ file: path, message: 'named .zip but is not a zip archive' });
  } else {
    yield { name: path, text: () => readInputText(path, { kind: 'feed' }) };
  }
}
