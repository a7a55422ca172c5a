/**
 * A Dependabot configuration covering the ecosystems the repository actually has, with the
 * folders their manifests live in: a new `.github/dependabot.yml`, or the missing entries added
 * at the end of an existing one's `updates:` list. Vendored, fixture and test-data folders are
 * not covered (updating them would be wrong). A Renovate configuration already satisfies it.
 */
import { posix } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { applyEdits, indentAt, lineEnding, lineStart, nextLineStart } from '../edit/text-edits.js';
import { parseYaml, seqItems, stringScalar, valueOf } from '../edit/yaml-nodes.js';
import type { Change, FixResult, Skip } from '../types.js';

/** Manifest file names (or patterns) per Dependabot `package-ecosystem`. */
export const ECOSYSTEMS: { ecosystem: string; match: (name: string) => boolean }[] = [
  { ecosystem: 'npm', match: (name) => ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'].includes(name) },
  { ecosystem: 'pip', match: (name) => /^requirements.*\.(txt|in)$/.test(name) || ['pyproject.toml', 'setup.py', 'Pipfile', 'Pipfile.lock'].includes(name) },
  { ecosystem: 'gomod', match: (name) => name === 'go.mod' },
  { ecosystem: 'cargo', match: (name) => name === 'Cargo.toml' },
  { ecosystem: 'bundler', match: (name) => name === 'Gemfile' },
  { ecosystem: 'composer', match: (name) => name === 'composer.json' },
  { ecosystem: 'maven', match: (name) => name === 'pom.xml' },
  { ecosystem: 'gradle', match: (name) => name === 'build.gradle' || name === 'build.gradle.kts' },
  { ecosystem: 'nuget', match: (name) => /\.(cs|fs|vb)proj$/.test(name) || name === 'packages.config' },
  { ecosystem: 'docker', match: (name) => /dockerfile/i.test(name) && !/\.(md|txt|sh|go|py|js)$/i.test(name) },
  { ecosystem: 'terraform', match: (name) => name.endsWith('.tf') },
];

const EXCLUDED = new Set(['node_modules', 'vendor', 'third_party', 'deps', 'fixtures', '__fixtures__', 'testdata', 'test-data']);
const RENOVATE = ['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.github/renovate.json', '.github/renovate.json5', '.gitlab/renovate.json'];
export const DEPENDABOT_PATHS = ['.github/dependabot.yml', '.github/dependabot.yaml'];

/** Ecosystem → folders (`/`, `/docs`), from the repository's file list. */
export function detectEcosystems(paths: string[]): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  const add = (ecosystem: string, dir: string): void => {
    const set = found.get(ecosystem) ?? new Set<string>();
    set.add(dir);
    found.set(ecosystem, set);
  };
  for (const path of paths) {
    const parts = path.split('/');
    if (parts.slice(0, -1).some((part) => EXCLUDED.has(part.toLowerCase()))) continue;
    const name = parts[parts.length - 1] ?? '';
    const dir = parts.length === 1 ? '/' : `/${posix.dirname(path)}`;
    if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || ((name === 'action.yml' || name === 'action.yaml') && !path.startsWith('.github/workflows/'))) add('github-actions', '/');
    if (path === '.gitmodules') add('gitsubmodule', '/');
    // A package.json without a lockfile beside it is usually a workspace or fixture; the root one counts.
    if (path === 'package.json') add('npm', '/');
    for (const { ecosystem, match } of ECOSYSTEMS) if (match(name)) add(ecosystem, dir);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)).map(([ecosystem, dirs]) => [ecosystem, [...dirs].sort()]));
}

function entry(ecosystem: string, dirs: string[], indent: string, unit: string, eol: string): string {
  const lines = [`${indent}- package-ecosystem: ${ecosystem}`];
  if (dirs.length === 1) lines.push(`${indent}${unit}directory: ${dirs[0] ?? '/'}`);
  else lines.push(`${indent}${unit}directories:`, ...dirs.map((dir) => `${indent}${unit}${unit}- ${dir}`));
  lines.push(`${indent}${unit}schedule:`, `${indent}${unit}${unit}interval: weekly`);
  return lines.join(eol) + eol;
}

/** `existing` is the current configuration's path and text, or null when there is none. */
export function hardenUpdateTool(paths: string[], existing: { path: string; text: string } | null): FixResult & { path: string } {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const renovate = RENOVATE.find((file) => paths.includes(file));
  const path = existing?.path ?? DEPENDABOT_PATHS[0] ?? '.github/dependabot.yml';
  if (renovate !== undefined && existing === null) {
    skipped.push({ fix: 'update-tool', path: renovate, reason: 'Renovate is configured; no Dependabot configuration added' });
    return { path, text: '', changes, skipped };
  }
  const wanted = detectEcosystems(paths);
  if (existing === null) {
    if (wanted.size === 0) {
      skipped.push({ fix: 'update-tool', path, reason: 'no ecosystem Dependabot supports was found' });
      return { path, text: '', changes, skipped };
    }
    const body = [...wanted].map(([ecosystem, dirs]) => entry(ecosystem, dirs, '  ', '  ', '\n')).join('');
    for (const [ecosystem, dirs] of wanted) changes.push({ fix: 'update-tool', path, line: 1, description: `dependabot: ${ecosystem} in ${dirs.join(', ')}` });
    const header = '# Keeps dependencies current (OpenSSF Scorecard: Dependency-Update-Tool). Written by vigil harden.\n';
    return { path, text: `${header}version: 2\nupdates:\n${body}`, changes, skipped };
  }
  return { path, ...extend(existing.path, existing.text, wanted) };
}

/** Adds the missing ecosystem/folder pairs to an existing configuration, keeping its text. */
function extend(path: string, text: string, wanted: Map<string, string[]>): FixResult {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const { doc, error } = parseYaml(text);
  const updates = valueOf(doc.contents, 'updates');
  if (error !== null || !isSeq(updates) || updates.flow === true || updates.range === undefined || updates.range === null) {
    skipped.push({ fix: 'update-tool', path, line: error?.line ?? 1, reason: error ? `not valid YAML: ${error.message}` : 'no block-style `updates:` list to extend' });
    return { text, changes, skipped };
  }
  const covered = new Set<string>();
  for (const item of seqItems(updates)) {
    const ecosystem = stringScalar(valueOf(item, 'package-ecosystem'))?.value;
    const dirs = [stringScalar(valueOf(item, 'directory'))?.value, ...seqItems(valueOf(item, 'directories')).map((dir) => stringScalar(dir)?.value)];
    for (const dir of dirs) if (ecosystem !== undefined && dir !== undefined) covered.add(`${ecosystem} ${dir.replace(/\/+$/, '') || '/'}`);
  }
  const missing: [string, string[]][] = [];
  for (const [ecosystem, dirs] of wanted) {
    const left = dirs.filter((dir) => !covered.has(`${ecosystem} ${dir}`));
    if (left.length > 0) missing.push([ecosystem, left]);
  }
  if (missing.length === 0) return { text, changes, skipped };
  const first = seqItems(updates)[0] as Node | undefined;
  const itemIndent = first?.range ? indentAt(text, first.range[0]) : '  ';
  const mapping = isMap(first) ? (first.items[0]?.key as Node | undefined) : undefined;
  const unit = mapping?.range && first?.range ? ' '.repeat(Math.max(2, mapping.range[0] - lineStart(text, mapping.range[0]) - itemIndent.length)) : '  ';
  const eol = lineEnding(text);
  let at = nextLineStart(text, Math.max(0, updates.range[1] - 1));
  if (at === text.length && !text.endsWith('\n')) at = text.length;
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  const body = missing.map(([ecosystem, dirs]) => entry(ecosystem, dirs, itemIndent, unit, eol)).join('');
  for (const [ecosystem, dirs] of missing) changes.push({ fix: 'update-tool', path, line: text.slice(0, at).split('\n').length, description: `dependabot: ${ecosystem} in ${dirs.join(', ')}` });
  return { text: applyEdits(text, [{ start: at, end: at, text: prefix + body }]), changes, skipped };
}
