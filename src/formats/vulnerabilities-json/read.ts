import type { z } from 'zod';
import { InputError } from '../../errors.js';
import { VulnerabilitiesJson } from './schema.js';
import { readInputText } from '../../util/read-input.js';

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

/** The value at a zod issue's path, to tell "missing" from "wrong". */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** A schema issue in words a person fixing the file can act on: "missing", or expected and found. */
export function describeSchemaIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const value = valueAt(raw, issue.path);
  if (value === undefined) return 'missing';
  const found = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, found ${found}`;
  if (issue.code === 'invalid_union') {
    const expected = [...new Set(issue.errors.flatMap((errors) => errors.map((inner) => (inner.code === 'invalid_type' ? inner.expected : inner.message))))];
    return `expected ${expected.join(' or ')}, found ${found}`;
  }
  return issue.message;
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
    const problems = parsed.error.issues.map((issue) => ({ file, path: jsonPath(issue.path), message: describeSchemaIssue(issue, raw) }));
    const list = problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n');
    throw new InputError(`${file}: does not match the vulnerabilities.json format:\n${list}`, { file });
  }
  return { data: parsed.data, problems: [] };
}

/** Read a vulnerabilities.json from disk; a missing file says which step creates it. */
export async function readVulnerabilitiesJson(file: string): Promise<VulnerabilitiesJson> {
  let text: string;
  try {
    text = await readInputText(file, { kind: 'advisory' });
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') {
      throw new InputError(`${file}: no vulnerabilities.json here`, { file, hint: 'start a release with `vigil release start`' });
    }
    throw error;
  }
  return parseVulnerabilitiesJson(text, file).data;
}
