/**
 * The one place that writes human-facing progress to stderr. Areas receive a Logger; they never
 * touch process.stderr themselves, so `--quiet`, `--json` and tests can silence or capture them.
 */
import { redact } from './redact.js';

export type LogLevel = 'quiet' | 'normal' | 'verbose';

export interface Logger {
  /** Progress and notes, shown unless --quiet. */
  info(message: string): void;
  /** Detail shown only with --verbose. */
  debug(message: string): void;
  /** Always shown (stderr), even with --quiet. */
  warn(message: string): void;
  /** A long-running step: update() rewrites one line on a TTY, prints sparsely otherwise. */
  progress(label: string, total?: number): Progress;
}

export interface Progress {
  update(done: number, detail?: string): void;
  done(summary?: string): void;
}

export interface LoggerOptions {
  level: LogLevel;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  color?: boolean;
}

/** Colours only on a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function createLogger(options: LoggerOptions): Logger {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  // Every line passes through the one redaction: no log line can carry a token.
  const write = (line: string): void => {
    stream.write(`${redact(line)}\n`);
  };
  const dim = (text: string): string => (options.color ? `\u001b[2m${text}\u001b[22m` : text);
  const yellow = (text: string): string => (options.color ? `\u001b[33m${text}\u001b[39m` : text);
  return {
    info(message) {
      if (options.level !== 'quiet') write(message);
    },
    debug(message) {
      if (options.level === 'verbose') write(dim(message));
    },
    warn(message) {
      write(yellow(`warning: ${message}`));
    },
    progress(label, total) {
      let lastPrinted = 0;
      const show = options.level !== 'quiet';
      return {
        update(done, detail) {
          if (!show) return;
          const now = Date.now();
          const text = `${label} ${total ? `${done}/${total}` : done}${detail ? ` ${detail}` : ''}`;
          if (tty) {
            stream.write(`\r\u001b[2K${redact(text)}`);
          } else if (now - lastPrinted > 2000) {
            lastPrinted = now;
            write(text);
          }
        },
        done(summary) {
          if (!show) return;
          if (tty) stream.write('\r\u001b[2K');
          if (summary) write(`${label} ${summary}`);
        },
      };
    },
  };
}

/** A logger that records lines, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => void lines.push(message),
    debug: (message) => void lines.push(`debug: ${message}`),
    warn: (message) => void lines.push(`warning: ${message}`),
    progress: (label) => ({
      update: () => undefined,
      done: (summary) => {
        if (summary) lines.push(`${label} ${summary}`);
      },
    }),
  };
}
