import type { ArchiveSource } from '../knowledge/archives.js';
import type { ArchiveEntry } from './archive.js';

/**
 * What the new directory holds, the way Node's updater script for the dependency builds it:
 * the archive's entries (only some, or without some), then Node's own files from the current
 * directory laid over them. Pure.
 */

function segmentRegex(segment: string): RegExp {
  return new RegExp(`^${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

/** True when `pattern` names `path` or one of the directories it is in (`*` stays within a segment). */
export function matchesGlob(pattern: string, path: string): boolean {
  const wanted = pattern.split('/').filter(Boolean);
  const parts = path.split('/');
  if (wanted.length > parts.length) return false;
  return wanted.every((segment, index) => segmentRegex(segment).test(parts[index]!));
}

const matchesAny = (patterns: string[] | undefined, path: string): boolean => (patterns ?? []).some((pattern) => matchesGlob(pattern, path));

/** The archive's entries Node vendors: `only` when given, minus `drop`. */
export function selectEntries(entries: ArchiveEntry[], source: Pick<ArchiveSource, 'only' | 'drop'>): ArchiveEntry[] {
  return entries.filter((entry) => (!source.only || matchesAny(source.only, entry.path)) && !matchesAny(source.drop, entry.path));
}

/** The current directory's files (relative paths) that survive the update. */
export function keptFiles(current: string[], source: Pick<ArchiveSource, 'keep'>): string[] {
  return current.filter((path) => matchesAny(source.keep, path));
}

/** Fill a URL template (see knowledge/archives.ts). */
export function fillTemplate(template: string, values: { tag: string; version: string; github: string; raw: string }): string {
  return template.replace(/\{(tag|version|github|raw)\}/g, (_match, key: keyof typeof values) => values[key]);
}
