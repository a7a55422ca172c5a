import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fsReason, InputError } from '../errors.js';

/** The `--report` file of `vigil permissions infer`: who did what, and every module loaded. */
export const InferReport = z.object({
  command: z.array(z.string()),
  exitCode: z.number(),
  project: z.string(),
  packages: z.array(
    z.object({
      package: z.string(),
      read: z.array(z.string()),
      write: z.array(z.string()),
      net: z.array(z.string()),
      processes: z.array(z.string()),
      workers: z.array(z.string()),
      addons: z.array(z.string()),
      wasi: z.boolean(),
      env: z.array(z.string()),
    }),
  ),
  modules: z.array(z.string()),
});
export type InferReport = z.infer<typeof InferReport>;

/** The module files an infer run loaded (absolute paths), for `vigil integrity generate --from-report`. */
export async function modulesFromReport(file: string): Promise<string[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: cannot read the infer report: ${fsReason(error)}`, { file, cause: error });
  }
  const parsed = InferReport.safeParse(raw);
  if (!parsed.success) throw new InputError(`${file}: not a vigil permissions infer report: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, { file });
  return parsed.data.modules;
}
