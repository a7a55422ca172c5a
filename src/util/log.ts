/**
 * The one place that writes human-facing progress to stderr. Areas receive a Logger; they never
 * touch process.stderr themselves, so `--quiet`, `--json` and tests can silence or capture them.
 */
import { redact } from './redact.js';
import { standardOutput } from './stdio.js';

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
  const stream = options.stream ?? standardOutput.stream('stderr');
  const tty = stream.isTTY === true;
  // Every line passes through the one redaction: no log line can carry a token.
  // A progress line on screen is cleared before any other line is written, so a warning never
  // lands glued to the end of `review  3s 12/40 ...`; the next update redraws it below.
  let onScreen = false;
  const write = (line: string): void => {
    stream.write(`${onScreen ? '\r\u001b[2K' : ''}${redact(line)}\n`);
    onScreen = false;
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
      // Progress is for a person watching a terminal: one line rewritten in place with counts and
      // the elapsed time; nothing at all when piped, with --quiet or --json (issue #17).
      const started = Date.now();
      const show = tty && options.level !== 'quiet';
      const elapsed = (): string => {
        const seconds = Math.floor((Date.now() - started) / 1000);
        return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
      };
      const columns = (): number => (stream as { columns?: number }).columns ?? 80;
      let lastDrawn = 0;
      let last: { done: number; detail: string | undefined } = { done: 0, detail: undefined };
      const draw = (): void => {
        const head = `${label} ${elapsed().padStart(4)} ${total ? `${last.done}/${total}` : last.done}`;
        // Never wider than the terminal: a wrapped line cannot be rewritten in place.
        const room = columns() - 2 - head.length;
        const detail = !last.detail || room < 4 ? '' : ` ${last.detail.length > room ? `${last.detail.slice(0, room - 1)}…` : last.detail}`;
        stream.write(`\r\u001b[2K${redact(`${head}${detail}`)}`);
        onScreen = true;
      };
      let timer: NodeJS.Timeout | undefined;
      if (show) {
        // The elapsed time moves even while one slow step gives no update.
        timer = setInterval(draw, 1000);
        timer.unref();
      }
      return {
        update(done, detail) {
          last = { done, detail };
          if (!show) return;
          const now = Date.now();
          if (now - lastDrawn < 80) return;
          lastDrawn = now;
          draw();
        },
        done(summary) {
          if (timer) clearInterval(timer);
          if (show && onScreen) stream.write('\r\u001b[2K');
          onScreen = false;
          if (summary && (show || options.level === 'verbose')) write(`${label} ${summary} ${dim(`(${elapsed()})`)}`);
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
