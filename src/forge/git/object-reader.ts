import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { InputError } from '../../errors.js';

interface Pending {
  spec: string;
  resolve: (value: Buffer | null) => void;
  reject: (error: Error) => void;
}

/**
 * Reads many blobs through one `git cat-file --batch` process (issue #2: never one process per
 * file). Requests are answered in order, so a FIFO of pending promises is all the state needed.
 */
export class GitObjectReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failed: Error | undefined;

  constructor(private readonly repo: string) {
    this.child = spawn('git', ['-c', 'core.fsmonitor=false', 'cat-file', '--batch'], {
      cwd: repo,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.child.on('error', (error) => this.fail(error));
    this.child.on('close', (code) => {
      if (this.pending.length > 0) this.fail(new Error(`git cat-file exited with ${code}`));
    });
  }

  /** The bytes of `<ref>:<path>` (or any object name); null when it does not exist or is not a blob. */
  read(spec: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r]/.test(spec)) return Promise.reject(new InputError(`cannot read a git object whose name has a newline: ${JSON.stringify(spec)}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ spec, resolve, reject });
      this.child.stdin.write(`${spec}\n`);
    });
  }

  /** Read a file of a commit as text (UTF-8); null when absent. */
  async readText(ref: string, path: string): Promise<string | null> {
    const bytes = await this.read(`${ref}:${path}`);
    return bytes === null ? null : bytes.toString('utf8');
  }

  close(): void {
    this.child.stdin.end();
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.pending.shift()?.resolve(null);
        continue;
      }
      const [, type = '', sizeText = '0'] = header.split(' ');
      const size = Number(sizeText);
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const body = Buffer.from(this.buffer.subarray(newline + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      this.pending.shift()?.resolve(type === 'blob' ? body : null);
    }
  }

  private fail(error: Error): void {
    this.failed = new InputError(`${this.repo}: reading git objects failed: ${error.message}`, { file: this.repo, cause: error });
    for (const request of this.pending.splice(0)) request.reject(this.failed);
  }
}
