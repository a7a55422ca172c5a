import { addSecretsFromEnvironment, redact, redactBytes } from '../util/redact.js';

type Write = typeof process.stdout.write;

/**
 * Route stdout and stderr through the one redaction, so no result, progress line or message of
 * any command (or of a library writing to the console) can print a secret. Text is redacted in
 * full (configured secrets and credential shapes); bytes only where a configured secret occurs,
 * so binary output (an archive piped to a file) is left alone.
 */
export function guardOutput(env: NodeJS.ProcessEnv): void {
  addSecretsFromEnvironment(env);
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const guarded = (chunk: unknown, ...rest: unknown[]): boolean => {
      const safe = typeof chunk === 'string' ? redact(chunk) : chunk instanceof Uint8Array ? redactBytes(chunk) : chunk;
      return original(safe, ...rest);
    };
    stream.write = guarded as Write;
  }
}
