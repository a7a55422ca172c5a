import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { readZip } from '../../formats/zip/read.js';
import type { ImportProblem, InputEntry } from './types.js';
import { ExpansionBudget, gunzipFile } from '../../util/expansion.js';
import { readInputText } from '../../util/read-input.js';

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
export async function* zipEntries(path: string, onProblem: (problem: ImportProblem) => void, budget = new ExpansionBudget()): AsyncGenerator<InputEntry> {
  for await (const entry of readZip(path, onProblem, { ...budget.limits, totalBytes: budget.remaining })) {
    budget.spend(entry.data.length);
    if (!entry.name.endsWith('.json')) continue;
    const text = entry.data.toString('utf8');
    yield { name: `${path}:${entry.name}`, text: async () => text };
  }
}

/**
 * A file, a directory (every `.json` under it) or a zip, as a stream of JSON documents. Every
 * gzip file and zip entry of one import expands within one budget (util/expansion.ts).
 */
export async function* inputEntries(path: string, onProblem: (problem: ImportProblem) => void, budget = new ExpansionBudget()): AsyncGenerator<InputEntry> {
  if (path.endsWith('.json')) {
    // The common case (a GitHub advisory-database checkout has ~250,000): no extra stat or sniff.
    yield { name: path, text: () => readInputText(path, { kind: 'advisory' }) };
    return;
  }
  const info = await stat(path);
  if (info.isDirectory()) {
    for await (const file of walkJsonFiles(path)) {
      yield* inputEntries(file, onProblem, budget);
    }
  } else if (path.endsWith('.gz')) {
    // NVD publishes its 2.0 feeds gzipped (nvdcve-2.0-2024.json.gz).
    yield { name: path, text: async () => (await gunzipFile(path, budget)).toString('utf8') };
  } else if (await isZip(path)) {
    yield* zipEntries(path, onProblem, budget);
  } else if (path.endsWith('.zip')) {
    onProblem({ file: path, message: 'named .zip but is not a zip archive' });
  } else {
    yield { name: path, text: () => readInputText(path, { kind: 'feed' }) };
  }
}
