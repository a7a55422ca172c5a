/**
 * TypeScript/jsconfig `compilerOptions.paths` and `baseUrl` of the project (following relative
 * `extends`): the aliases ts-node/tsconfig-paths, bundlers and editors resolve bare specifiers
 * through before node_modules. A graph that ignored them would miss the project's own files.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseJsoncStrict } from '../inventory/javascript/parse-rich.js';
import { readInputTextSync } from '../util/read-input.js';

export interface PathAliases {
  /** Directory `paths` targets are relative to (baseUrl, else the tsconfig's own directory). */
  base: string;
  /** `@app/*` → [`src/*`]; exact keys without `*`. */
  paths: [string, string[]][];
  /** With baseUrl, a bare `utils/x` may name `<baseUrl>/utils/x`. */
  baseUrl: string | null;
  /** Where they came from, for the evidence. */
  file: string;
}

interface CompilerOptions {
  baseUrl?: unknown;
  paths?: unknown;
}

/** The aliases of a project root (tsconfig.json, else jsconfig.json); null when it declares none. */
export function readPathAliases(root: string, problems: string[]): PathAliases | null {
  const first = ['tsconfig.json', 'jsconfig.json'].map((name) => join(root, name)).find((file) => existsSync(file));
  if (!first) return null;
  let baseUrl: string | null = null;
  let paths: Record<string, unknown> | null = null;
  let pathsDir = root;
  // The nearest file that sets an option wins; `extends` chains are followed up to 8 files.
  let file: string | null = first;
  for (let hops = 0; file && hops < 8; hops++) {
    let config: { compilerOptions?: CompilerOptions; extends?: unknown };
    try {
      config = (parseJsoncStrict(readInputTextSync(file, { kind: 'config' }), file) ?? {}) as typeof config;
    } catch (error) {
      problems.push(`${(error as Error).message} (its paths aliases are not followed)`);
      break;
    }
    const options = config.compilerOptions ?? {};
    if (baseUrl === null && typeof options.baseUrl === 'string') baseUrl = resolve(dirname(file), options.baseUrl);
    if (paths === null && options.paths && typeof options.paths === 'object') {
      paths = options.paths as Record<string, unknown>;
      pathsDir = dirname(file);
    }
    const next: unknown = config.extends;
    file = typeof next === 'string' && (next.startsWith('./') || next.startsWith('../')) ? resolve(dirname(file), next.endsWith('.json') ? next : `${next}.json`) : null;
    if (file && !existsSync(file)) file = null;
  }
  if (baseUrl === null && paths === null) return null;
  const entries = Object.entries(paths ?? {}).map(([key, targets]): [string, string[]] => [key, Array.isArray(targets) ? targets.filter((target): target is string => typeof target === 'string') : []]);
  return { base: baseUrl ?? pathsDir, paths: entries, baseUrl, file: first };
}

/** Candidate paths (absolute, before extension lookup) an alias maps a bare specifier to. */
export function aliasTargets(aliases: PathAliases, specifier: string): string[] {
  const out: string[] = [];
  for (const [key, targets] of aliases.paths) {
    const star = key.indexOf('*');
    if (star < 0) {
      if (key === specifier) out.push(...targets.map((target) => resolve(aliases.base, target)));
      continue;
    }
    const head = key.slice(0, star);
    const tail = key.slice(star + 1);
    if (specifier.startsWith(head) && specifier.endsWith(tail) && specifier.length >= head.length + tail.length) {
      const middle = specifier.slice(head.length, specifier.length - tail.length);
      out.push(...targets.map((target) => resolve(aliases.base, target.replace('*', middle))));
    }
  }
  if (aliases.baseUrl) out.push(resolve(aliases.baseUrl, specifier));
  return out;
}
