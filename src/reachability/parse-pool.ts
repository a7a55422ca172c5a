/**
 * Parsing the graph's files on worker threads (parse-worker.ts), so the graph walk (resolution,
 * on the calling thread) and the parses of several files run at once. The walk stays in its
 * breadth-first order: it asks for every file it queues (`want`) and takes the answers in queue
 * order (`take`), so the graph is the same as with in-process parsing; only the parses run ahead.
 * Plain message passing: the walk awaits answers, it never blocks its thread waiting for them.
 * A worker that cannot start (no loader for the entry file, no threads) or dies: the files it
 * held, and later ones when no worker is left, are parsed on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FileParser, type FileResult } from './parse-files.js';
import type { ModuleInfo } from './types.js';
import type { ParseAnswer, ParseRequest, WorkerOptions } from './parse-worker.js';

/** Files per message: enough to make message costs small, few enough that the walk's next file is soon answered. */
const BATCH = 8;
/** Batches a worker holds at once: one being parsed, one waiting, so it never idles between messages. */
const IN_FLIGHT = 2;
/** A worker that has not loaded its entry in this time is given up (its files parsed in process). */
const START_TIMEOUT_MS = 60_000;

/**
 * How to start a worker on parse-worker, the entry beside this file. In the build it is
 * parse-worker.js, started as it is. Run from source (tests, bench: this file is parse-pool.ts,
 * loaded through `--import tsx`), it is parse-worker.ts, and Node 20 runs no `--import` in a
 * worker: a two-line bootstrap registers tsx's ESM hooks in the worker first (tsx/esm/api,
 * resolved here), then imports the entry. Without tsx the worker fails to start and the pool
 * parses in process.
 */
export function workerStart(): { entry: URL | string; eval: boolean } {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  if (!source) return { entry, eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return { entry: `import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(entry.href)}));`, eval: true };
}

interface Pending {
  promise: Promise<FileResult>;
  resolve: (result: FileResult) => void;
  reject: (error: unknown) => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  batches: Map<number, string[]>;
  ready: boolean;
  timer: NodeJS.Timeout;
}

/** The size of the pool by default: one worker per available core. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: string[] = [];
  private readonly answers = new Map<string, Pending>();
  private readonly local: FileParser;
  private nextId = 0;
  /** Why workers were given up, if they were (the graph reports nothing of it: results are the same). */
  readonly failures: string[] = [];

  /**
   * `start`: how to start a worker (tests give one that fails). `cache`: the disk cache of loads
   * (loads-cache.ts): its file, read by each worker, and its entries, for the files parsed here.
   */
  constructor(size: number, start: () => { entry: URL | string; eval: boolean } = workerStart, cache: { file: string; known: Map<string, ModuleInfo> } | null = null) {
    this.local = new FileParser(cache?.known);
    let spec: { entry: URL | string; eval: boolean } | null = null;
    for (let index = 0; index < size; index++) {
      let worker: Worker;
      try {
        spec ??= start();
        worker = new Worker(spec.entry, { eval: spec.eval, workerData: { cacheFile: cache?.file ?? null } satisfies WorkerOptions });
      } catch (error) {
        this.failures.push(`worker ${index}: ${(error as Error).message}`);
        continue;
      }
      const slot: Slot = { worker, batches: new Map(), ready: false, timer: setTimeout(() => this.lose(slot, 'did not start in time'), START_TIMEOUT_MS).unref() };
      worker.on('message', (message: ParseAnswer | 'ready') => this.answer(slot, message));
      worker.on('error', (error) => this.lose(slot, error.message));
      worker.on('exit', (code) => this.lose(slot, `exited with code ${code}`));
      this.slots.push(slot);
    }
  }

  /** Workers still running (0: every parse is in process). */
  get size(): number {
    return this.slots.length;
  }

  /** The walk has queued `file`: have it parsed ahead. */
  want(file: string): void {
    if (this.answers.has(file)) return;
    let resolve!: (result: FileResult) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<FileResult>((done, fail) => {
      resolve = done;
      reject = fail;
    });
    promise.catch(() => undefined); // rejected only when the walk takes it (settle)
    this.answers.set(file, { promise, resolve, reject, settled: false });
    this.waiting.push(file);
    this.dispatch();
  }

  /** The answer for `file` (asked for with `want`, or parsed now in process). */
  take(file: string): Promise<FileResult> | FileResult {
    const pending = this.answers.get(file);
    if (!pending) return this.local.take(file);
    // No worker left to send it to: parse it here.
    if (!pending.settled && this.slots.length === 0) {
      const at = this.waiting.indexOf(file);
      if (at >= 0) {
        this.waiting.splice(at, 1);
        this.settle(file, null);
      }
    }
    return pending.promise;
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const slot of slots) clearTimeout(slot.timer);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (this.waiting.length > 0 && slot.batches.size < IN_FLIGHT) {
        // Spread a short queue over the workers rather than give it all to the first one.
        const count = Math.min(BATCH, Math.max(1, Math.ceil(this.waiting.length / this.slots.length)));
        const files = this.waiting.splice(0, count);
        const id = this.nextId++;
        slot.batches.set(id, files);
        slot.worker.postMessage({ id, files } satisfies ParseRequest);
      }
    }
  }

  private answer(slot: Slot, message: ParseAnswer | 'ready'): void {
    if (message === 'ready') {
      slot.ready = true;
      clearTimeout(slot.timer);
      return;
    }
    const files = slot.batches.get(message.id);
    if (!files) return;
    slot.batches.delete(message.id);
    files.forEach((file, index) => {
      const result = message.results[index];
      // A parse that threw in the worker is done again here, where it throws as the in-process walk would.
      this.settle(file, result && result.kind !== 'failed' ? result : null);
    });
    this.dispatch();
  }

  private settle(file: string, result: FileResult | null): void {
    const pending = this.answers.get(file);
    if (!pending || pending.settled) return;
    pending.settled = true;
    if (result) {
      pending.resolve(result);
      return;
    }
    try {
      pending.resolve(this.local.take(file));
    } catch (error) {
      // The walk throws when it takes this file, as it would have parsing it itself.
      pending.reject(error);
    }
  }

  /** A worker failed or exited: its files are parsed here, and the others take its share. */
  private lose(slot: Slot, why: string): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    clearTimeout(slot.timer);
    this.failures.push(why);
    void slot.worker.terminate();
    for (const files of slot.batches.values()) for (const file of files) this.settle(file, null);
    slot.batches.clear();
    this.dispatch();
  }
}
