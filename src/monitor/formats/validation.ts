import type { z } from 'zod';
import { InputError } from '../../errors.js';

/** `github.com.nodejs.included[3]`: the path of the first bad key, as the user would look for it. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Parse JSON text and validate it, naming the file and the bad key on failure (exit 2). */
export function parseJsonFile<T>(text: string, file: string, schema: z.ZodType<T>, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { file, code: `monitor-${what}` });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = keyPath(issue.path) || '(top level)';
    throw new InputError(`${file}: not a scorecard-monitor ${what} file: at ${where}: ${issue.message}`, { file, code: `monitor-${what}` });
  }
  return result.data;
}
