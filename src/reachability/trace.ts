/**
 * Dynamic evidence: the modules a real run loaded, from `vigil permissions infer --report <file>`
 * (its `modules`), or a directory the tracing preload wrote (`VIGIL_TRACE_DIR`: trace-*.json and
 * modules-*.txt). Files are realpaths, as the graph's are.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { modulesFromReport, readTraceDir } from '../runtime/index.js';

export interface LoadedModules {
  source: string;
  files: Set<string>;
}

function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Read a trace: an infer report (JSON) or a trace directory. Bad input is exit 2 naming the file. */
export async function readTrace(path: string): Promise<LoadedModules> {
  if (!existsSync(path)) throw new InputError(`${path}: no such trace (expected a \`vigil permissions infer --report\` file or a trace directory)`, { file: path });
  if (statSync(path).isDirectory()) {
    let records;
    try {
      records = readTraceDir(path);
    } catch (error) {
      throw new InputError(`${path}: not a trace directory: ${(error as Error).message}`, { file: path, cause: error });
    }
    return { source: path, files: new Set(records.filter((record) => record.kind === 'module' || record.kind === 'read').map((record) => real(record.target))) };
  }
  return { source: path, files: new Set((await modulesFromReport(path)).map(real)) };
}
