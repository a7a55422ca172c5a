import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { InputError } from '../../errors.js';
import { spawnGit } from './cli.js';

interface Pending {
  /** Bytes wanted: the whole blob (Infinity) or its head. */
  limit: number;
  resolve: (value: Buffer | null) => void;
  reject: (error: Error) => void;
}

/** Where the parser is in cat-file's answer to the request at the front of the queue. */
type State =
  | { kind: 'header'; pieces: Buffer[] }
  | { kind: 'body'; target: Buffer | null; filled: number; remaining: number; blob: boolean }
  | { kind: 'trailer'; value: Buffer | null };

/**
 * Reads many blobs through one `git cat-file --batch` process (issue #2: never one process per
 * file). Requests are answered in order, so a FIFO of pending promises is all the state needed.
 * The answer is parsed as it streams: each blob is copied once into a buffer of its final size (or
 * of the head asked for, the rest skipped in place), so a 100 MB blob costs 100 MB once, never a
 * growing concatenation, and a head read keeps no more than the head (issue #16).
 */
export class GitObjectReader {
  private child: Promise<ChildProcessWithoutNullStreams> | undefined;
  private readonly pending: Pending[] = [];
  private state: State = { kind: 'header', pieces: [] };
  private failed: Error | undefined;
  /** Object names not yet written to git's stdin, in request order. */
  private unsent: string[] = [];

  constructor(private readonly repo: string) {}

  private start(): Promise<ChildProcessWithoutNullStreams> {
    this.child ??= spawnGit(this.repo, ['cat-file', '--batch']).then((child) => {
      child.stdout.on('data', (chunk: Buffer) => this.consume(chunk));
      child.stdin.on('error', (error) => this.fail(error));
      child.on('error', (error) => this.fail(error));
      child.on('close', (code) => {
        if (this.pending.length > 0) this.fail(new Error(`git cat-file exited with ${code}`));
      });
      return child;
    });
    return this.child;
  }

  /** The bytes of `<ref>:<path>` (or any object name); null when it does not exist or is not a blob. */
  read(spec: string): Promise<Buffer | null> {
    return this.request(spec, Number.POSITIVE_INFINITY);
  }

  /** At most the first `bytes` bytes of a blob; the rest streams past without being kept. */
  readHead(spec: string, bytes: number): Promise<Buffer | null> {
    return this.request(spec, bytes);
  }

  /** Read a file of a commit as text (UTF-8); null when absent. */
  async readText(ref: string, path: string): Promise<string | null> {
    const bytes = await this.read(`${ref}:${path}`);
    return bytes === null ? null : bytes.toString('utf8');
  }

  close(): void {
    void this.child?.then((child) => child.stdin.end());
  }

  private request(spec: string, limit: number): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r]/.test(spec)) return Promise.reject(new InputError(`cannot read a git object whose name has a newline: ${JSON.stringify(spec)}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ limit, resolve, reject });
      // Names asked for in the same turn go to git in one write, not one write (syscall) each:
      // 19,000 single-line writes cost 90 ms of CPU on Node's release tree (issue #16).
      this.unsent.push(spec);
      if (this.unsent.length === 1) {
        this.start().then(
          (child) => queueMicrotask(() => this.send(child)),
          (error: Error) => this.fail(error),
        );
      }
    });
  }

  private send(child: ChildProcessWithoutNullStreams): void {
    if (this.unsent.length === 0) return;
    const lines = this.unsent.join('\n') + '\n';
    this.unsent = [];
    child.stdin.write(lines);
  }

  /** Advance the parser over one chunk of stdout, without copying what no request keeps. */
  private consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const state = this.state;
      if (state.kind === 'header') {
        const newline = chunk.indexOf(10, offset);
        if (newline < 0) {
          state.pieces.push(chunk.subarray(offset));
          return;
        }
        state.pieces.push(chunk.subarray(offset, newline));
        offset = newline + 1;
        this.startBody(Buffer.concat(state.pieces).toString('utf8'));
      } else if (state.kind === 'body') {
        const take = Math.min(state.remaining, chunk.length - offset);
        if (state.target !== null && state.filled < state.target.length) {
          const copy = Math.min(take, state.target.length - state.filled);
          chunk.copy(state.target, state.filled, offset, offset + copy);
          state.filled += copy;
        }
        state.remaining -= take;
        offset += take;
        if (state.remaining === 0) this.state = { kind: 'trailer', value: state.blob ? state.target : null };
      } else {
        // The LF after each object's bytes.
        offset += 1;
        this.state = { kind: 'header', pieces: [] };
        this.pending.shift()?.resolve(state.value);
      }
    }
  }

  private startBody(header: string): void {
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      this.state = { kind: 'header', pieces: [] };
      this.pending.shift()?.resolve(null);
      return;
    }
    const [, type = '', sizeText = '0'] = header.split(' ');
    const size = Number(sizeText);
    const limit = this.pending[0]?.limit ?? 0;
    const blob = type === 'blob';
    const target = blob ? Buffer.allocUnsafe(Math.min(size, limit)) : null;
    this.state = size === 0 ? { kind: 'trailer', value: blob ? Buffer.alloc(0) : null } : { kind: 'body', target, filled: 0, remaining: size, blob };
  }

  private fail(error: Error): void {
    this.failed ??= new InputError(`${this.repo}: reading git objects failed: ${error.message}`, { file: this.repo, cause: error });
    for (const request of this.pending.splice(0)) request.reject(this.failed);
  }
}
