import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { VulnerabilitiesJson } from './schema.js';

/** One problem in a vulnerabilities.json, with the JSON path of the bad value. */
export interface JsonProblem {
  file: string;
  path: string;
  message: string;
}

/** `reports[2].severity.rating` from a zod issue path. */
export function jsonPath(path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(root)';
}

/** Parse and validate; every schema problem is listed with its JSON path, not just the first. */
export function parseVulnerabilitiesJson(text: string, file: string): { data: VulnerabilitiesJson; problems: JsonProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`, { file, cause: error });
  }
  const parsed = VulnerabilitiesJson.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ file, path: jsonPath(issue.path), message: issue.message }));
    const list = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
    throw new InputError(`${file}: does not match the vulnerabilities.json format:\n${list}`, { file });
  }
  return { data: parsed.data, problems: [] };
}

/** Read a vulnerabilities.json from disk; a missing file says which step creates it. */
export async function readVulnerabilitiesJson(file: string): Promise<VulnerabilitiesJson> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(`${file}: no vulnerabilities.json here`, { file, hint: 'start a release with `vigil release start`' });
    }
    throw new InputError(`${file}: cannot read: ${(error as Error).message}`, { file, cause: error });
  }
  return parseVulnerabilitiesJson(text, file).data;
}
