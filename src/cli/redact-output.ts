import { addSecretsFromEnvironment, redact, redactBytes } from '../util/redact.js';
import { standardOutput } from '../util/stdio.js';

type Write = typeof process.stdout.write;

/**
 * Route stdout and stderr through the one redaction, so no result, progress line or message of
 * any command (or of a library writing to the console) can print a secret. Text is redacted in
 * full (configured secrets and credential shapes); bytes only where a configured secret occurs,
 * so binary output (an archive piped to a file) is left alone.
 */
export function guardOutput(env: NodeJS.ProcessEnv, onCreate?: (name: 'stdout' | 'stderr', stream: NodeJS.WriteStream) => void): void {
  addSecretsFromEnvironment(env);
  for (const name of ['stdout', 'stderr'] as const) {
    const wrap = (stream: NodeJS.WriteStream): NodeJS.WriteStream => {
      const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      const guarded = (chunk: unknown, ...rest: unknown[]): boolean => {
        const safe = typeof chunk === 'string' ? redact(chunk) : chunk instanceof Uint8Array ? redactBytes(chunk) : chunk;
        return original(safe, ...rest);
      };
      stream.write = guarded as Write;
      // From now on this stream takes every write, direct ones included (util/stdio.ts).
      standardOutput.streamCreated(name);
      onCreate?.(name, stream);
      return stream;
    };
    // Node creates process.stdout/stderr on first use (a pipe or TTY stream loads net and tty):
    // the stream is wrapped when it is created, so `vigil run -q`, which prints nothing, never creates it (#18).
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    const create = descriptor?.get;
    if (!create || !descriptor.configurable) {
      wrap(process[name]);
      continue;
    }
    let stream: NodeJS.WriteStream | undefined;
    Object.defineProperty(process, name, { configurable: true, enumerable: descriptor.enumerable ?? true, get: () => (stream ??= wrap(create.call(process) as NodeJS.WriteStream)) });
  }
}
