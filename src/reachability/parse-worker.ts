/**
 * A worker thread of the graph's parse pool (parse-pool.ts): reads and parses the files it is
 * sent, a batch per message, and answers with each file's loads (the small per-file facts the
 * graph needs, never an AST). Between batches it returns to its event loop, which is what lets
 * oxc's untaken AST strings be freed (parse.ts `lazy`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readLoadsCache } from './loads-cache.js';
import { readAndParse, type FileResult } from './parse-files.js';
import type { ModuleInfo } from './types.js';

export interface ParseRequest {
  id: number;
  files: string[];
}

/** One file's answer: a parse, or a parse that threw (the pool parses that file again on its own thread, where it throws as before). */
export type WorkerResult = FileResult | { kind: 'failed'; error: string };

export interface ParseAnswer {
  id: number;
  results: WorkerResult[];
}

/** What the pool passes: the disk cache of loads to start from (loads-cache.ts), if any. */
export interface WorkerOptions {
  cacheFile: string | null;
}

const cacheFile = (workerData as WorkerOptions | null)?.cacheFile ?? null;
const cache: Map<string, ModuleInfo> = cacheFile ? readLoadsCache(cacheFile) : new Map();
const port = parentPort;
if (port) {
  port.on('message', (request: ParseRequest) => {
    const results = request.files.map((file): WorkerResult => {
      try {
        return readAndParse(file, cache, { lazy: true });
      } catch (error) {
        return { kind: 'failed', error: String(error) };
      }
    });
    port.postMessage({ id: request.id, results } satisfies ParseAnswer);
  });
  // Loaded (under tsx, through its loader): the pool may send work.
  port.postMessage('ready');
}
