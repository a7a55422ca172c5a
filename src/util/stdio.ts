/**
 * Standard output and error as the CLI writes them: straight to file descriptors 1 and 2 while
 * Node's own streams are not needed. Node creates process.stdout and process.stderr on first use,
 * and creating one loads node:stream (a file, /dev/null) or node:net and node:tty (a pipe, a
 * terminal): ~2-3 ms of every start on Node 22 and 24 (#15), for a command that prints one JSON
 * document to a pipe. A terminal still gets Node's stream (colours, width, progress lines).
 *
 * Only the CLI's own start turns this on (writeDirectly, in start.ts): in a process that already
 * uses process.stdout (the test runner, a program calling main()), every write goes to the stream.
 * Once anything creates a stream (a library's console.log, commander's help), that stream takes
 * every later write, so the order of what is written never changes. Direct writes pass through
 * the same redaction as the streams' (redact-output.ts).
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { redact } from './redact.js';

export type StandardName = 'stdout' | 'stderr';

/** What a writer needs of the system, so tests can play a full pipe or a closed reader. */
export interface StandardSystem {
  fstat(fd: number): { isFile(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; rdev: number };
  devNull(): { rdev: number } | undefined;
  writeSync(fd: number, bytes: Uint8Array, offset: number): number;
  stream(name: StandardName): NodeJS.WriteStream;
  exit(code: number): never;
}

/** A writable that writes to fd 1 or 2 directly while it may, and to Node's stream otherwise. */
export interface StandardStream {
  write(text: string): boolean;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

export interface StandardOutput {
  /** From now on, write straight to the descriptors where they are a file, pipe, socket or /dev/null. */
  writeDirectly(): void;
  /** Node's stream `name` exists (redact-output.ts sees it created): it takes every later write. */
  streamCreated(name: StandardName): void;
  stream(name: StandardName): StandardStream;
}

const FD: Record<StandardName, number> = { stdout: 1, stderr: 2 };

export const NODE_SYSTEM: StandardSystem = {
  fstat: (fd) => fstatSync(fd),
  devNull: () => {
    try {
      return statSync('/dev/null');
    } catch {
      return undefined;
    }
  },
  writeSync: (fd, bytes, offset) => writeSync(fd, bytes, offset),
  stream: (name) => process[name],
  exit: (code) => process.exit(code),
};

/** The standard output of a process whose system is `system`. */
export function createStandardOutput(system: StandardSystem): StandardOutput {
  let direct = false;
  /** How each descriptor is written once known: directly, or through Node's stream from then on. */
  const how: Partial<Record<StandardName, 'direct' | 'stream'>> = {};

  /** A file, a pipe, a socket or /dev/null: written directly, and never a terminal. */
  const plain = (name: StandardName): boolean => {
    try {
      const stats = system.fstat(FD[name]);
      return stats.isFile() || stats.isFIFO() || stats.isSocket() || (stats.isCharacterDevice() && stats.rdev === system.devNull()?.rdev);
    } catch {
      return false;
    }
  };
  const directNow = (name: StandardName): boolean => direct && (how[name] ??= plain(name) ? 'direct' : 'stream') === 'direct';

  const writeText = (name: StandardName, text: string): boolean => {
    if (!directNow(name)) return system.stream(name).write(text);
    const bytes = Buffer.from(redact(text), 'utf8');
    let offset = 0;
    try {
      while (offset < bytes.length) offset += system.writeSync(FD[name], bytes, offset);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader closed the pipe (`vigil inventory ... | head`): stop quietly, as
      // endQuietlyOnClosedPipe does for the stream. A closed stderr loses its line, as nowhere else could show it.
      if (code === 'EPIPE') {
        if (name === 'stdout') system.exit(0);
        return false;
      }
      // A non-blocking descriptor that is full (EAGAIN), or anything else: Node's stream knows
      // how to wait and to report; it takes the rest and every later write.
      how[name] = 'stream';
      return system.stream(name).write(bytes.subarray(offset));
    }
  };

  const stream = (name: StandardName): StandardStream => ({
    write: (text) => writeText(name, text),
    get isTTY() {
      return directNow(name) ? false : system.stream(name).isTTY === true;
    },
    get columns() {
      return directNow(name) ? undefined : system.stream(name).columns;
    },
  });
  const streams = { stdout: stream('stdout'), stderr: stream('stderr') };

  return {
    writeDirectly: () => {
      direct = process.platform !== 'win32';
    },
    streamCreated: (name) => {
      how[name] = 'stream';
    },
    stream: (name) => streams[name],
  };
}

/** This process's standard output and error. */
export const standardOutput = createStandardOutput(NODE_SYSTEM);

/**
 * Node's stdout stream ends the process quietly with 0 when the reader closed the pipe
 * (`vigil inventory ... | head`), as other command-line tools do, and as direct writes do above.
 * For guardOutput's `onCreate`: the CLI's start and `vigil run`'s launcher.
 */
export function endQuietlyOnClosedPipe(name: StandardName, stream: NodeJS.WriteStream): void {
  if (name !== 'stdout') return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
