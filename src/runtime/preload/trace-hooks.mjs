// ESM half of the tracing preload: records every file: URL the loader loads. It runs on the
// hooks thread, so it appends to a file of its own rather than sharing the main thread's map.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let file;
const seen = new Set();

export function initialize(data) {
  file = path.join(data.outputDir, `modules-${process.pid}.txt`);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && !seen.has(url)) {
    seen.add(url);
    appendFileSync(file, `${fileURLToPath(url)}\n`);
  }
  return nextLoad(url, context);
}
